"""Participant e-mails: rendering (render.py), raw MIME for SES (mime.py), composing an outbox message
(compose.py), delivering it once (delivery.py) and SES feedback (feedback.py)."""

"""Participant e-mails: rendering (render.py), raw MIME for SES (mime.py) with headers every reader
decodes as written (headers.py), composing an outbox message
(compose.py), delivering it once (delivery.py) and SES feedback (feedback.py)."""

# The one kind of e-mail a person can stop (List-Unsubscribe): an organizer's message to many people.
# Confirmations, reminders and changes to the event always go.
STOPPABLE = "organizer_message"

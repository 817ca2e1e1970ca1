"""Satisfaction surveys after an event: invitations, anonymous answers, results."""

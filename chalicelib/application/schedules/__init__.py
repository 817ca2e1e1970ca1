"""What runs by itself: the scheduled jobs (outbox sweep, reminders, "still coming?", retention)
and the workers fed by the outbox queue and by SES feedback."""

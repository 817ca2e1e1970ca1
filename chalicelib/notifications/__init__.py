"""Mail that goes out by itself or to many at once: reminders, "still coming?", broadcasts."""

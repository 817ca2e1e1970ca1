"""The organizer: sets up and publishes events, approves, messages, checks people in, exports lists
and reports to the funder — only for the projects they belong to (admins: every project)."""

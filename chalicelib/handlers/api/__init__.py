"""The JSON API: public (events, sign-up, one's own registration) and organizers' (behind the
bearer-token authorizer). Errors are `{"error": {"code", "message", "fields"}}` in the reader's
language."""

"""The organizers' dashboard pages: what each shows, built from what the application layer
returns, in the reader's language. No request is read here (the handlers do that)."""

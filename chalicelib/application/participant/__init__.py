"""The participant: finds events, signs up, and manages their own registration through the
secret link in every e-mail (no account, no password)."""

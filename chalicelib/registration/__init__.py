"""Registrations: sign up, wait, get promoted, be approved, cancel. No HTTP, no boto3 here."""

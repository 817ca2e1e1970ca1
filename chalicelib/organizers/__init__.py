"""Organizers: their session in the dashboard and how they log in."""

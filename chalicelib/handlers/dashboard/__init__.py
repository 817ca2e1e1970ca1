"""The organizers' dashboard, behind the session cookie: one module of routes per area, all
standing on shared.py so a form is checked, a refusal answered and a page rendered the same way."""

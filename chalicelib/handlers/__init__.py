"""Routes only, grouped by door: `api/` (JSON), `pages/` (the public pages), `dashboard/`
(the organizers' pages) and `jobs/` (schedules, queue workers, the local stage's tools).

A route reads the request, calls one function of `chalicelib.application` and shapes the answer
for its door. What the doors share — reading bodies, the language, the error shape, the
authorizers — is in http.py, authorizer.py and shell.py. Nothing of the domain is imported when
the app loads: each route imports what it calls, so a cold start loads the routes alone.
snapstart.py is the API function's other door, Lambda's own: its SnapStart hooks.
"""

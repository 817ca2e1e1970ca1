"""What each actor may do, with every rule an action needs besides the domain rule itself.

One package per actor — `participant`, `organizer`, `admin`, `schedules` (the jobs and workers
that run by themselves) — and one module per area of work. Both doors, the JSON API and the pages
(public and dashboard), call the same function for the same action, so access checks, rate limits
and anti-spam, which actions a registration's status allows, idempotency, and handing committed
e-mails to delivery are written once, here. A handler reads the request, calls one function of
this package and shapes the answer for its door.
"""

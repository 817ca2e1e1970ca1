"""For code that runs the service against moto in the same process (tests, benchmarks)."""
from __future__ import annotations


def reset_clients() -> None:
    """Forget every cached AWS client and PynamoDB connection, so the next call binds afresh
    (moto's in-process mock intercepts only clients made while it is active), and every event
    kept for sign-ups and the directory of institutions, which belonged to the table before."""
    from chalicelib import aws
    from chalicelib.events import recent
    from chalicelib.institutions import recent as directory
    from chalicelib.store import connection, models

    aws.reset_clients()
    recent.forget_all()
    directory.forget()
    connection.reset()
    pending = list(models._Base.__subclasses__())
    while pending:
        model = pending.pop()
        model._connection = None
        pending += model.__subclasses__()

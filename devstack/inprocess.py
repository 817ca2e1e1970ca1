"""For code that runs the service against moto in the same process (tests, benchmarks)."""
from __future__ import annotations


def reset_clients() -> None:
    """Forget every cached AWS client and PynamoDB connection, so the next call binds afresh
    (moto's in-process mock intercepts only clients made while it is active)."""
    from chalicelib import aws
    from chalicelib.store import connection, models

    aws.reset_clients()
    connection.reset()
    pending = list(models._Base.__subclasses__())
    while pending:
        model = pending.pop()
        model._connection = None
        pending += model.__subclasses__()

"""moto server on a free loopback port, in a thread of this process.

Requests are served one at a time: real DynamoDB executes each TransactWriteItems atomically,
while moto's implementation is not safe against concurrent threads (it copies the table and
checks conditions without a lock). Serialising keeps the emulation faithful to what the seat
rules rely on. With `transaction_conflicts` (or DEVSTACK_TRANSACTION_CONFLICTS=1), a transaction
on an item another one holds is refused before the lock, as DynamoDB refuses it (conflicts.py).
"""
from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any

from .conflicts import TransactionConflicts, wanted


def free_port(host: str = "127.0.0.1") -> int:
    """A port for a server started later (a child process), kept from other processes meanwhile.

    A port found by binding to 0 and closing is free for anyone: a parallel test run's next
    lookup, or any outgoing connection, may take it before our server binds it. So the port is
    left in TIME_WAIT (one connection to it, closed from the listening side): for about a minute
    the kernel hands it to no bind(0) and no connect(), while a server that sets SO_REUSEADDR,
    as every HTTPServer does, can still bind it.
    """
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, 0))
        listener.listen(1)
        address = listener.getsockname()
        with socket.create_connection(address) as client:
            accepted, _ = listener.accept()
            accepted.close()  # the listening side closes first, so its end waits in TIME_WAIT
            client.recv(1)  # the peer's close
        return address[1]


SENT_MAIL_PATH = "/_zapisy/sent-mail.json"  # what SES received, for the local mailbox page


def _sent_mail() -> bytes:
    """The raw e-mails moto's SES accepted, oldest first: read from its backends, not from
    `/moto-api/data.json`, which serialises every item of every service (seconds, once the
    tables of a long test session have grown)."""
    import json

    from moto.ses.models import ses_backends

    raw = [{"raw_data": message.raw_data} for account in ses_backends.values() for backend in account.values()
           for message in getattr(backend, "sent_messages", []) if getattr(message, "raw_data", None)]
    return json.dumps({"ses": {"RawMessage": raw}}).encode()


class _Serialised:
    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with self._lock:
            if environ.get("PATH_INFO") == SENT_MAIL_PATH:
                body = _sent_mail()
                start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
                return [body]
            return list(self._app(environ, start_response))


def _server_class() -> type:
    from werkzeug.serving import ThreadedWSGIServer

    class Server(ThreadedWSGIServer):
        """werkzeug's threaded server with a listen backlog fit for bursts.

        Its backlog of 128 overflowed when 200 sign-ups at once opened connections to it faster
        than its accept loop (sharing the GIL with the test's clients) took them: the kernel
        dropped the handshakes, the client retransmitted with back-off, and a call waited past
        the 30 s read timeout. DynamoDB itself has no such queue.
        """

        request_queue_size = 1024

    return Server


class MotoServer:
    """Start/stop an embedded moto server; `url` is its endpoint for AWS_ENDPOINT_URL.

    Without a port, the server binds port 0 and `port` is the one it got, known once started.
    `transaction_conflicts` (None: as DEVSTACK_TRANSACTION_CONFLICTS says) refuses transactions
    on items held by another in flight; `conflicts` is then the gate, counting its refusals.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, transaction_conflicts: bool | None = None) -> None:
        self.host = host
        self.port = port
        self.transaction_conflicts = wanted() if transaction_conflicts is None else transaction_conflicts
        self.conflicts: TransactionConflicts | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> MotoServer:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        from . import fast_query, fast_sqs, fast_transactions

        fast_transactions.install()
        fast_query.install()
        fast_sqs.install()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per AWS call
        app: Callable[..., Iterable[bytes]] = _Serialised(DomainDispatcherApplication(create_backend_app))
        if self.transaction_conflicts:
            app = self.conflicts = TransactionConflicts(app)
        self._server = _server_class()(self.host, self.port, app)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

"""`chalice local`, with two socket settings fit for concurrent clients, and a faithful gateway.

Chalice's dev server inherits socketserver's backlog of 5, so a burst of 200 connections
gets resets from the kernel before Chalice sees them. API Gateway has no such limit.

It runs in a session of its own, so no signal to the starter's process group reaches it: when
the process that started it (named in DEVSTACK_PARENT_PID) is gone, even killed with no chance
to stop it, it ends by itself instead of keeping its port as an orphan.
"""
import os
import signal
import sys
import threading
import time

from chalice import local
from chalice.cli import main

from devstack import local_gateway

local.ThreadedHTTPServer.request_queue_size = 512
# Headers and body leave in separate writes; with Nagle on, each response waits ~40 ms for the
# client's delayed ACK.
local.ChaliceRequestHandler.disable_nagle_algorithm = True


def _any_method(handler: local.ChaliceRequestHandler, name: str) -> object:
    """`do_<METHOD>` for every method: the HTTP server answers a method it has no `do_` for (TRACE,
    CONNECT, WebDAV's) with a bare 501; passed on, the app answers 405 as it does behind the gateway."""
    if name.startswith("do_"):
        return handler._generic_handle
    raise AttributeError(name)


local.ChaliceRequestHandler.__getattr__ = _any_method
local_gateway.install()  # greedy routes, and the gateway responses of the deployed template


def end_with_parent(parent: int) -> None:
    """Watch (every 0.2 s, on a daemon thread) for `parent` to stop being this process's parent,
    then end as a stop would end it: with SIGTERM."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


if __name__ == "__main__":
    if os.environ.get("DEVSTACK_PARENT_PID"):
        end_with_parent(int(os.environ["DEVSTACK_PARENT_PID"]))
    sys.exit(main())

"""`chalice local`, unchanged but for two socket settings fit for concurrent clients.

Chalice's dev server inherits socketserver's backlog of 5, so a burst of 200 connections
gets resets from the kernel before Chalice sees them. API Gateway has no such limit.
"""
import sys

from chalice import local
from chalice.cli import main

local.ThreadedHTTPServer.request_queue_size = 512
# Headers and body leave in separate writes; with Nagle on, each response waits ~40 ms for the
# client's delayed ACK.
local.ChaliceRequestHandler.disable_nagle_algorithm = True

if __name__ == "__main__":
    sys.exit(main())

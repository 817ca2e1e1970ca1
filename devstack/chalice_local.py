"""`chalice local`, with two socket settings fit for concurrent clients and faithful authorizers.

Chalice's dev server inherits socketserver's backlog of 5, so a burst of 200 connections
gets resets from the kernel before Chalice sees them. API Gateway has no such limit.
"""
import sys

from chalice import local
from chalice.cli import main

from devstack import local_gateway

local.ThreadedHTTPServer.request_queue_size = 512
# Headers and body leave in separate writes; with Nagle on, each response waits ~40 ms for the
# client's delayed ACK.
local.ChaliceRequestHandler.disable_nagle_algorithm = True
local_gateway.install()  # each authorizer reads its own header (the dashboard's reads the cookie)

if __name__ == "__main__":
    sys.exit(main())

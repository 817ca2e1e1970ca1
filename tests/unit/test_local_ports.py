"""Ports for local servers stay ours between choosing them and binding them, even with tests in parallel."""
from __future__ import annotations

import errno
import socket
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from devstack.moto_server import MotoServer, free_port


def test_a_chosen_port_is_refused_to_others_but_not_to_the_server_it_is_for():
    port = free_port()
    with socket.socket() as other, pytest.raises(OSError) as taken:  # the rule bind(0) and connect() follow
        other.bind(("127.0.0.1", port))
    assert taken.value.errno == errno.EADDRINUSE
    server = HTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)  # SO_REUSEADDR, as chalice local sets
    server.server_close()


def test_moto_binds_a_port_of_its_own_and_names_it():
    moto = MotoServer().start()
    try:
        with socket.create_connection(("127.0.0.1", moto.port), timeout=5):
            pass
        assert moto.url == f"http://127.0.0.1:{moto.port}" and moto.port > 0
    finally:
        moto.stop()

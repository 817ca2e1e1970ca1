"""One botocore session per container: every client, PynamoDB's included, is built from it, so
botocore's data files (endpoints, partitions, defaults) are parsed once, not once per client."""
from __future__ import annotations

import botocore.loaders
import botocore.session
import pytest

from chalicelib import aws
from chalicelib.store import models
from chalicelib.store.connection import shared_connection

pytestmark = pytest.mark.usefixtures("aws")
SHARED_DATA = ("endpoints", "partitions", "sdk-default-configuration")


def test_every_client_and_pynamodbs_come_from_one_botocore_session_that_reads_the_data_files_once(monkeypatch):
    sessions: list[object] = []
    reads: list[str] = []
    create_client, load_file = botocore.session.Session.create_client, botocore.loaders.JSONFileLoader.load_file

    def creating(self, *args, **kwargs):
        sessions.append(self)
        return create_client(self, *args, **kwargs)

    def loading(self, path):
        reads.append(path.replace("\\", "/").rsplit("/", 1)[-1])
        return load_file(self, path)

    monkeypatch.setattr(botocore.session.Session, "create_client", creating)
    monkeypatch.setattr(botocore.loaders.JSONFileLoader, "load_file", loading)

    for _ in range(2):  # a second request builds nothing
        table = shared_connection().client
        clients = [aws.ses(), aws.sqs(), aws.ssm(), aws.secretsmanager(), aws.s3(), aws.cognito_idp()]
    assert models.EventItem._get_connection().connection.client is table  # every model talks through it
    assert len(sessions) == len(clients) + 1
    assert {name: reads.count(name) for name in SHARED_DATA} == dict.fromkeys(SHARED_DATA, 1)
    assert len({id(session) for session in sessions}) == 1
    assert sessions[0] is aws.botocore_session()


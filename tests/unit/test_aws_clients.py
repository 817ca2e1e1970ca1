"""One botocore session per container: every client, PynamoDB's included, is built from it, so
botocore's data files (endpoints, partitions, defaults) are parsed once, not once per client."""
from __future__ import annotations

import os
import subprocess
import sys

import botocore.loaders
import botocore.session
import pytest

from chalicelib import aws
from chalicelib.store import models
from chalicelib.store.connection import shared_connection
from tests.conftest import ROOT

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



def test_no_client_but_s3s_imports_boto3():
    """boto3 adds only S3's transfers to botocore, and importing it (with s3transfer) costs a cold start
    about 20 ms: a page or a sign-up, which never upload, must not pay for it."""
    probe = ("import sys\nfrom chalicelib import aws\nfrom chalicelib.store.connection import shared_connection\n"
             "shared_connection().client, aws.ses(), aws.sqs(), aws.ssm(), aws.secretsmanager(), aws.cognito_idp()\n"
             "print('boto3' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=os.environ, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"

"""Which function reads the token secret, and from where, as deployed (the secret in Secrets
Manager behind SSM's reference path, e-mail through the queue): a public page derives nothing and
reads nothing; a sign-up derives its keyed hashes (limits, e-mail marker, manage link) and reads
the secret from Secrets Manager, never through SSM; the queue worker derives the e-mail's link."""
from __future__ import annotations

import json

import boto3
import pytest

from chalicelib import auth
from tests import aws_calls
from tests.conftest import LOCAL_TOKEN_SECRET
from tests.factories import person, published_event
from tests.mailbox import sent, text_of

pytestmark = pytest.mark.usefixtures("aws")
SECRET_NAME = "zapisy-test-token-secret"
READS_SECRET = {"ssm:GetParameter", "secretsmanager:GetSecretValue"}


@pytest.fixture
def deployed(settings_env, monkeypatch):
    """As in AWS: the secret in Secrets Manager, named through SSM's reference path; mail queued.
    Yields the queue's URL; the recording of AWS calls starts afresh, and so does the secret."""
    boto3.client("secretsmanager").create_secret(Name=SECRET_NAME, SecretString=LOCAL_TOKEN_SECRET)
    queue = boto3.client("sqs").create_queue(QueueName="zapisy-outbox")["QueueUrl"]
    settings_env(TOKEN_SECRET_PARAM=f"/aws/reference/secretsmanager/{SECRET_NAME}", OUTBOX_MODE="queue",
                 QUEUE_URL=queue, SES_RATE="0")
    monkeypatch.setattr(aws_calls, "RECORDED", aws_calls.RECORDED.__class__(set))
    auth.app_secret.cache_clear()
    yield queue
    auth.app_secret.cache_clear()


def test_public_pages_and_the_board_read_no_secret(client, deployed):
    event = published_event(capacity=3)
    auth.app_secret.cache_clear()  # a fresh container: nothing read yet
    for path in (f"/events/{event.event_id}?lang=uk", f"/api/events/{event.event_id}", "/events", "/api/events"):
        assert client.http.get(path).status_code == 200, path
    assert "dynamodb:Query" in aws_calls.RECORDED["APIHandler"]
    assert aws_calls.RECORDED["APIHandler"] & READS_SECRET == set()


def test_a_sign_up_reads_the_secret_from_secrets_manager_and_the_worker_derives_its_link(client, deployed):
    event = published_event(capacity=3)
    auth.app_secret.cache_clear()
    response = client.http.post(f"/api/events/{event.event_id}/registrations",
                                headers={"Content-Type": "application/json"}, body=json.dumps(person(1)))
    assert response.status_code == 201 and sent() == []  # the e-mail waits in the queue
    assert aws_calls.RECORDED["APIHandler"] & READS_SECRET == {"secretsmanager:GetSecretValue"}

    auth.app_secret.cache_clear()  # the worker runs in a container of its own
    messages = boto3.client("sqs").receive_message(QueueUrl=deployed, MaxNumberOfMessages=10)["Messages"]
    client.lambda_.invoke("send_queued", client.events.generate_sqs_event(
        message_bodies=[message["Body"] for message in messages]))
    assert aws_calls.RECORDED["SendQueued"] & READS_SECRET == {"secretsmanager:GetSecretValue"}
    [mail] = sent()
    token = text_of(mail).split("http://zapisy.test/manage/")[1].split()[0]
    assert client.http.get(f"/api/manage/{token}").status_code == 200

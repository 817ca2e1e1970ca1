"""The local stack's cheaper SQS send behaves as moto's own: same messages, counts and deduplication."""
from __future__ import annotations

import boto3
import pytest

pytestmark = pytest.mark.usefixtures("aws")


def exercise(prefix: str) -> dict:
    """Sends to a standard and a content-deduplicating FIFO queue; what a client can see afterwards."""
    sqs = boto3.client("sqs")
    standard = sqs.create_queue(QueueName=f"{prefix}-standard")["QueueUrl"]
    fifo = sqs.create_queue(QueueName=f"{prefix}.fifo", Attributes={
        "FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    for n in range(5):
        sqs.send_message(QueueUrl=standard, MessageBody=f"one {n}")
    sqs.send_message_batch(QueueUrl=standard, Entries=[{"Id": str(n), "MessageBody": f"batch {n}"} for n in range(3)])
    sqs.send_message(QueueUrl=standard, MessageBody="later", DelaySeconds=60)
    for body in ("same", "same", "other"):  # the repeated body is dropped by content-based deduplication
        sqs.send_message(QueueUrl=fifo, MessageBody=body, MessageGroupId="g")
    in_flight = sqs.receive_message(QueueUrl=standard, MaxNumberOfMessages=2, VisibilityTimeout=60)["Messages"]
    counts = {name: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
              for name, url in (("standard", standard), ("fifo", fifo))}
    for attributes in counts.values():
        for volatile in ("CreatedTimestamp", "LastModifiedTimestamp", "QueueArn"):
            attributes.pop(volatile)
    fifo_bodies = [m["Body"] for m in sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)["Messages"]]
    return {"attributes": counts, "in_flight": len(in_flight), "fifo": fifo_bodies}


def test_sends_and_counts_match_moto():
    from devstack import fast_sqs

    plain = exercise("plain")
    try:
        fast_sqs.install()
        fast = exercise("fast")
    finally:
        fast_sqs.uninstall()
    assert fast == plain
    assert plain["attributes"]["standard"]["ApproximateNumberOfMessages"] == "6"
    assert plain["attributes"]["standard"]["ApproximateNumberOfMessagesNotVisible"] == "2"
    assert plain["attributes"]["standard"]["ApproximateNumberOfMessagesDelayed"] == "1"
    assert plain["fifo"] == ["same", "other"]

"""The local stack's cheaper SQS send (devstack.fast_sqs) answers exactly as moto's own: every
response, every queue attribute, deduplication, delays and the errors, byte for byte."""
from __future__ import annotations

from devstack import fast_sqs
from tests.twins import Run, assert_same_answers

ATTRIBUTES = {"AttributeNames": ["All"], "MessageAttributeNames": ["All"],
              "MessageSystemAttributeNames": ["All"]}


def queues(session: Run) -> dict[str, str]:
    create = {"standard": {}, "slow": {"DelaySeconds": "30"},
              "content.fifo": {"FifoQueue": "true", "ContentBasedDeduplication": "true"},
              "explicit.fifo": {"FifoQueue": "true"}}
    return {name: session.call("sqs", "create_queue", QueueName=name, Attributes=attributes)["QueueUrl"]
            for name, attributes in create.items()}


def look(session: Run, urls: dict[str, str]) -> None:
    """What a client can read of every queue: all its attributes."""
    for url in urls.values():
        session.call("sqs", "get_queue_attributes", QueueUrl=url, AttributeNames=["All"])


def sends(session: Run, urls: dict[str, str]) -> None:
    call = session.call
    standard, slow, content, explicit = urls.values()
    for n in range(4):
        call("sqs", "send_message", QueueUrl=standard, MessageBody=f"one {n}", MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "mail"}, "n": {"DataType": "Number", "StringValue": str(n)}})
    call("sqs", "send_message", QueueUrl=standard, MessageBody="later", DelaySeconds=60)
    call("sqs", "send_message", QueueUrl=slow, MessageBody="queue delay")
    call("sqs", "send_message", QueueUrl=slow, MessageBody="no delay", DelaySeconds=0)
    call("sqs", "send_message_batch", QueueUrl=standard, Entries=[
        {"Id": "a", "MessageBody": "batch a"}, {"Id": "b", "MessageBody": "batch b", "DelaySeconds": 5},
        {"Id": "c", "MessageBody": "batch c", "DelaySeconds": 901}])  # c fails alone
    for body in ("same", "same", "other"):
        call("sqs", "send_message", QueueUrl=content, MessageBody=body, MessageGroupId="g")
    call("sqs", "send_message", QueueUrl=content, MessageBody="same", MessageGroupId="g", MessageDeduplicationId="x")
    call("sqs", "send_message_batch", QueueUrl=explicit, Entries=[
        {"Id": str(n), "MessageBody": "body", "MessageGroupId": "g", "MessageDeduplicationId": f"d{n % 2}"}
        for n in range(3)])
    look(session, urls)


def refusals(session: Run, urls: dict[str, str]) -> None:
    call = session.call
    standard, _, content, explicit = urls.values()
    call("sqs", "send_message", QueueUrl=explicit, MessageBody="no dedup id", MessageGroupId="g")
    call("sqs", "send_message", QueueUrl=content, MessageBody="no group")
    call("sqs", "send_message", QueueUrl=content, MessageBody="delayed", MessageGroupId="g", DelaySeconds=5)
    call("sqs", "send_message", QueueUrl=standard, MessageBody="x" * 1_048_577)
    call("sqs", "send_message", QueueUrl=standard, MessageBody="too late", DelaySeconds=901)
    call("sqs", "send_message", QueueUrl=standard + "-missing", MessageBody="nowhere")
    call("sqs", "send_message_batch", QueueUrl=standard, Entries=[{"Id": "same", "MessageBody": "1"},
                                                                   {"Id": "same", "MessageBody": "2"}])
    call("sqs", "send_message_batch", QueueUrl=standard, Entries=[{"Id": "bad id!", "MessageBody": "1"}])
    call("sqs", "send_message_batch", QueueUrl=standard,
         Entries=[{"Id": str(n), "MessageBody": "m"} for n in range(11)])
    call("sqs", "send_message_batch", QueueUrl=standard,
         Entries=[{"Id": str(n), "MessageBody": "m" * 400_000} for n in range(3)])
    look(session, urls)


def later(session: Run, urls: dict[str, str]) -> None:
    """Receipts, in-flight messages, then the delays and the deduplication window running out."""
    standard, slow, content, explicit = urls.values()
    received = session.call("sqs", "receive_message", QueueUrl=standard, MaxNumberOfMessages=3,
                            VisibilityTimeout=20, **ATTRIBUTES)
    session.call("sqs", "delete_message", QueueUrl=standard,
                 ReceiptHandle=received["Messages"][0]["ReceiptHandle"])
    look(session, urls)
    for seconds in (10, 25, 40, 300):
        session.clock.shift(seconds)
        session.call("sqs", "send_message", QueueUrl=content, MessageBody="same", MessageGroupId="g")
        session.call("sqs", "send_message", QueueUrl=explicit, MessageBody="again", MessageGroupId="g",
                     MessageDeduplicationId="d0")
        look(session, urls)
    for url in (standard, slow, content, explicit):
        session.call("sqs", "receive_message", QueueUrl=url, MaxNumberOfMessages=10, **ATTRIBUTES)
    look(session, urls)


def test_every_sqs_answer_and_queue_attribute_matches_moto():
    def scenario(session: Run) -> None:
        urls = queues(session)
        sends(session, urls)
        refusals(session, urls)
        later(session, urls)

    answers = assert_same_answers(scenario, fast_sqs)
    counts = [a["parsed"]["Attributes"] for a in answers if a["operation"] == "GetQueueAttributes"]
    assert counts[0]["ApproximateNumberOfMessages"] == "5" and counts[0]["ApproximateNumberOfMessagesDelayed"] == "2"
    assert counts[2]["ApproximateNumberOfMessages"] == "3"  # content-based deduplication kept "same" once
    assert counts[3]["ApproximateNumberOfMessages"] == "2"  # two deduplication ids among three messages
    errors = [a["parsed"]["Error"]["Code"].split(".")[-1] for a in answers if "Error" in a.get("parsed", {})]
    assert errors == ["InvalidParameterValue", "MissingParameter", "InvalidParameterValue", "InvalidParameterValue",
                      "InvalidParameterValue", "NonExistentQueue", "BatchEntryIdsNotDistinct", "InvalidBatchEntryId",
                      "TooManyEntriesInBatchRequest", "BatchRequestTooLong"]
    batches = [a["parsed"] for a in answers if a["operation"] == "SendMessageBatch" and "Failed" in a["parsed"]]
    assert [f["Id"] for f in batches[0]["Failed"]] == ["c"]

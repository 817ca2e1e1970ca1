"""Create what the service expects to find in AWS: the table, the SES identity, the queue."""
from __future__ import annotations

import boto3

REGION = "eu-central-1"
LOCAL_ENV = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


def bootstrap(endpoint: str, table_name: str, sender_domain: str = "zapisy.example.org") -> dict[str, str]:
    """Idempotently create the table (with TTL), verify the sender domain, create the queues."""
    from chalicelib.store.table import create_table

    def client(service: str):
        return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                            aws_access_key_id="local", aws_secret_access_key="local")

    create_table(client("dynamodb"), table_name)
    client("ses").verify_domain_identity(Domain=sender_domain)
    sqs = client("sqs")
    dead = sqs.create_queue(QueueName=f"{table_name}-outbox-dead")["QueueUrl"]
    dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue = sqs.create_queue(QueueName=f"{table_name}-outbox", Attributes={
        "RedrivePolicy": f'{{"deadLetterTargetArn":"{dead_arn}","maxReceiveCount":"5"}}'})["QueueUrl"]
    return {"queue_url": queue, "dead_letter_url": dead}

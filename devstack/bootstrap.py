"""Create what the service expects to find in AWS: the table, the SES identity, the queues, the exports bucket."""
from __future__ import annotations

import boto3

REGION = "eu-central-1"
LOCAL_ENV = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


def bootstrap(endpoint: str, table_name: str, sender_domain: str = "zapisy.example.org") -> dict[str, str]:
    """Idempotently create the table (with TTL), verify the sender domain, the queues and the exports bucket."""
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
    create_exports_bucket(client("s3"), f"{table_name}-exports")  # the default EXPORTS_BUCKET
    return {"queue_url": queue, "dead_letter_url": dead}


def create_exports_bucket(s3, bucket: str) -> None:
    """The bucket of large exports (attendee lists hold personal data): private, gone after a day."""
    if bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "expire-exports", "Status": "Enabled", "Filter": {"Prefix": "exports/"}, "Expiration": {"Days": 1}}]})

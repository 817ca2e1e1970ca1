"""Create what the service expects to find in AWS: the table, the SES identity, the queues, the exports bucket,
the organizers' user pool."""
from __future__ import annotations

import boto3

REGION = "eu-central-1"
LOCAL_ENV = {
    "STAGE": "local",  # explicit: the app refuses to start without a stage (see chalicelib/config.py)
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


DEMO_PROJECTS = ("re-turn", "epi")  # the projects of the demo events and of the development login


def bootstrap(endpoint: str, table_name: str, sender_domain: str = "zapisy.example.org") -> dict[str, str]:
    """Idempotently create the table (with TTL), verify the sender domain, the queues, the exports bucket and the
    user pool; returns the queue URLs and the pool's id (`queue_url`, `dead_letter_url`, `user_pool_id`)."""
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
    user_pool_id = create_user_pool(client("cognito-idp"), f"{table_name}-organizers")
    return {"queue_url": queue, "dead_letter_url": dead, "user_pool_id": user_pool_id}


def create_user_pool(cognito, name: str) -> str:
    """The organizers' user pool as in AWS (e-mail as the username) with the groups the login reads."""
    pools = cognito.list_user_pools(MaxResults=60).get("UserPools", [])
    pool_id = next((p["Id"] for p in pools if p["Name"] == name), None)
    if pool_id is None:
        pool_id = cognito.create_user_pool(PoolName=name, UsernameAttributes=["email"],
                                           AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    existing = {g["GroupName"] for g in cognito.list_groups(UserPoolId=pool_id, Limit=60).get("Groups", [])}
    for group in ("admin", *(f"project-{p}" for p in DEMO_PROJECTS)):
        if group not in existing:
            cognito.create_group(UserPoolId=pool_id, GroupName=group)
    return pool_id


def create_exports_bucket(s3, bucket: str) -> None:
    """The bucket of large exports (attendee lists hold personal data): private, gone after a day."""
    if bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "expire-exports", "Status": "Enabled", "Filter": {"Prefix": "exports/"}, "Expiration": {"Days": 1}}]})

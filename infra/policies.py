"""Least privilege, one role per function: which AWS actions each Lambda may call, on which resource.

`GRANTS` names the building blocks; `FUNCTIONS` gives each function (by the logical id Chalice
uses in the SAM template) only the blocks its code paths need. `tests/unit/test_policies.py`
and the suite-wide recorder in `tests/aws_calls.py` check every AWS call the code makes against
these lists, so a new call without a grant fails the tests rather than production.
"""
from __future__ import annotations

from typing import Any

TABLE = {"Fn::GetAtt": ["Table", "Arn"]}
TABLE_INDEXES = {"Fn::Sub": "${Table.Arn}/index/*"}

GRANTS: dict[str, list[tuple[list[str], list[Any]]]] = {
    "table_read": [(["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"],
                    [TABLE, TABLE_INDEXES])],
    "table_write": [(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                      "dynamodb:BatchWriteItem"], [TABLE])],
    # The secret's name is SSM's reference path, but it is read from Secrets Manager itself (auth.py).
    "secret": [(["secretsmanager:GetSecretValue"], [{"Ref": "TokenSecret"}])],
    "queue_send": [(["sqs:SendMessage"], [{"Fn::GetAtt": ["OutboxQueue", "Arn"]}])],
    "queue_consume": [(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                        "sqs:ChangeMessageVisibility"], [{"Fn::GetAtt": ["OutboxQueue", "Arn"]}])],
    "dead_letter_send": [(["sqs:SendMessage"], [{"Fn::GetAtt": ["OutboxDeadLetterQueue", "Arn"]}])],
    "mail_send": [(["ses:SendRawEmail"], ["SENDER_IDENTITY", {
        "Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/"
                   "${MailConfigurationSet}"}])],
    "exports": [(["s3:PutObject", "s3:GetObject"], [{"Fn::Sub": "${ExportsBucket.Arn}/*"}])],
    "organizers_directory": [([
        "cognito-idp:ListUsers", "cognito-idp:AdminGetUser", "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminListGroupsForUser", "cognito-idp:AdminAddUserToGroup",
        "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser",
        "cognito-idp:CreateGroup", "cognito-idp:ListGroups", "cognito-idp:GetGroup"],
        [{"Fn::GetAtt": ["UserPool", "Arn"]}])],
}

# Logical id in the SAM template → grants. The API sends no e-mail in AWS (the outbox queue does).
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "APIHandler": ("table_read", "table_write", "secret", "queue_send", "exports", "organizers_directory"),
    "OrganizerAuth": ("secret",),
    "OutboxSweep": ("table_read", "table_write", "secret", "queue_send", "dead_letter_send", "mail_send"),
    "Reminders": ("table_read", "table_write", "secret", "queue_send"),
    "Reconfirm": ("table_read", "table_write", "secret", "queue_send"),
    "Retention": ("table_read", "table_write", "secret", "queue_send"),
    "AfterEvent": ("table_read", "table_write", "secret", "queue_send"),
    "SendQueued": ("table_read", "table_write", "secret", "queue_consume", "dead_letter_send", "mail_send"),
    "SesFeedback": ("table_read", "table_write", "secret"),
}


def allowed_actions(function: str) -> set[str]:
    """The IAM actions a function's role allows (for the tests)."""
    return {action for grant in FUNCTIONS[function] for actions, _ in GRANTS[grant] for action in actions}


def role(function: str, prefix: str, sender_domain: str) -> dict[str, Any]:
    """The function's IAM role: the basic execution policy (its own logs) plus its grants."""
    identity = {"Fn::Sub": f"arn:${{AWS::Partition}}:ses:${{AWS::Region}}:${{AWS::AccountId}}:identity/{sender_domain}"}
    statements = []
    for grant in FUNCTIONS[function]:
        for actions, resources in GRANTS[grant]:
            statements.append({"Effect": "Allow", "Action": actions,
                               "Resource": [identity if r == "SENDER_IDENTITY" else r for r in resources]})
    return {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        "ManagedPolicyArns": [
            {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}],
        "Policies": [{"PolicyName": f"{prefix}-{function}", "PolicyDocument": {
            "Version": "2012-10-17", "Statement": statements}}]}}

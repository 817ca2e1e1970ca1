"""The CloudFormation resources merged into Chalice's SAM template (`chalice package --merge-template`).

Chalice writes the functions, the API and the schedules; this adds everything they use — the
table, queues, SES configuration set, feedback topic, exports bucket, Cognito login, the token
secret, alarms — and gives each function its own role (see `infra/policies.py`). It is built from
code rather than kept as JSON so the table's shape comes from the one definition the app and the
tests use (`chalicelib/store/table.py`) and the per-function wiring is written once.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .policies import FUNCTIONS, role
from .runtime import RUNTIME

ROOT = Path(__file__).resolve().parent.parent
SENDER_CONCURRENCY = 2  # SES pacing is per process: the sender never runs more copies than this
LIVE_ALIAS = "live"  # the API function's published version API Gateway calls (SnapStart runs on versions)
ALIAS_ID = f"APIHandlerAlias{LIVE_ALIAS}"  # the logical id SAM gives the alias it publishes


def stage_environment(stage: str) -> dict[str, str]:
    """The stage's variables from .chalice/config.json (the shared ones, then the stage's own)."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return {**config.get("environment_variables", {}),
            **config["stages"][stage].get("environment_variables", {})}


def sender_domain(environment: dict[str, str]) -> str:
    address = environment.get("SENDER", "").rsplit("<", 1)[-1].rstrip(">").strip()
    return address.rsplit("@", 1)[-1]


def event_source_names(stage: str) -> dict[str, str]:
    """The queue and topic the workers subscribe to: Chalice writes these names into the template
    (chalicelib/handlers/workers.py reads them at packaging time) and the resources below carry them."""
    return {"ZAPISY_OUTBOX_QUEUE": f"zapisy-{stage}-outbox", "ZAPISY_FEEDBACK_TOPIC": f"zapisy-{stage}-ses-feedback"}


def _table(name: str) -> dict[str, Any]:
    from chalicelib.store.table import table_spec  # here: it reads the settings, which need the stage's variables

    spec = table_spec(name)
    return {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
            "Properties": {
                "TableName": name, "BillingMode": spec["BillingMode"],
                "AttributeDefinitions": spec["AttributeDefinitions"], "KeySchema": spec["KeySchema"],
                "GlobalSecondaryIndexes": spec["GlobalSecondaryIndexes"],
                "TimeToLiveSpecification": {"AttributeName": "expires_at", "Enabled": True},
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                "DeletionProtectionEnabled": True, "SSESpecification": {"SSEEnabled": True}}}


def _queues(prefix: str) -> dict[str, Any]:
    return {
        "OutboxDeadLetterQueue": {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": f"{prefix}-outbox-dlq", "MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True}},
        "OutboxQueue": {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": f"{prefix}-outbox", "VisibilityTimeout": 360, "SqsManagedSseEnabled": True,
            "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["OutboxDeadLetterQueue", "Arn"]},
                              "maxReceiveCount": 5}}},
    }


def _mail(prefix: str) -> dict[str, Any]:
    """SES sends through a configuration set whose bounces and complaints reach the feedback topic."""
    return {
        "FeedbackTopic": {"Type": "AWS::SNS::Topic", "Properties": {
            "TopicName": f"{prefix}-ses-feedback"}},  # SES cannot publish to a topic under the aws/sns key
        "FeedbackTopicPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {
            "Topics": [{"Ref": "FeedbackTopic"}],
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "sns:Publish",
                "Resource": {"Ref": "FeedbackTopic"},
                "Condition": {"StringEquals": {"AWS:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}}},
        "MailConfigurationSet": {"Type": "AWS::SES::ConfigurationSet", "Properties": {
            "Name": f"{prefix}-mail"}},
        "MailFeedbackDestination": {"Type": "AWS::SES::ConfigurationSetEventDestination", "Properties": {
            "ConfigurationSetName": {"Ref": "MailConfigurationSet"},
            "EventDestination": {"Name": "bounces-and-complaints", "Enabled": True,
                                 "MatchingEventTypes": ["bounce", "complaint"],
                                 "SnsDestination": {"TopicARN": {"Ref": "FeedbackTopic"}}}}},
    }


def _exports_bucket() -> dict[str, Any]:
    """Private, encrypted, and exports vanish after a day: they hold personal data."""
    return {"ExportsBucket": {"Type": "AWS::S3::Bucket", "Properties": {
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
        "LifecycleConfiguration": {"Rules": [
            {"Id": "exports-expire", "Status": "Enabled", "ExpirationInDays": 1,
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]}}}}


def _login(prefix: str, base_url: str) -> dict[str, Any]:
    """Cognito's hosted UI for organizers: invited users only, groups `admin` and `project-<id>`."""
    return {
        "UserPool": {"Type": "AWS::Cognito::UserPool", "Properties": {
            "UserPoolName": f"{prefix}-organizers", "UsernameAttributes": ["email"],
            "AutoVerifiedAttributes": ["email"], "MfaConfiguration": "OPTIONAL",
            "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
            "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireLowercase": True,
                                            "RequireUppercase": True, "RequireNumbers": True,
                                            "RequireSymbols": False, "TemporaryPasswordValidityDays": 7}},
            "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
            "UserPoolAddOns": {"AdvancedSecurityMode": "OFF"}}},
        "UserPoolDomain": {"Type": "AWS::Cognito::UserPoolDomain", "Properties": {
            "UserPoolId": {"Ref": "UserPool"}, "Domain": {"Fn::Sub": f"{prefix}-${{AWS::AccountId}}"}}},
        "UserPoolClient": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {
            "UserPoolId": {"Ref": "UserPool"}, "ClientName": f"{prefix}-dashboard", "GenerateSecret": False,
            "AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid", "email", "profile"], "SupportedIdentityProviders": ["COGNITO"],
            "CallbackURLs": [f"{base_url}/organizer/callback"], "LogoutURLs": [f"{base_url}/events"],
            "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": True,
            "AccessTokenValidity": 60, "IdTokenValidity": 60, "RefreshTokenValidity": 1,
            "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}}},
        "AdminGroup": {"Type": "AWS::Cognito::UserPoolGroup", "Properties": {
            "UserPoolId": {"Ref": "UserPool"}, "GroupName": "admin",
            "Description": "Everything, including managing organizers"}},
    }


def _secret(prefix: str) -> dict[str, Any]:
    """The token secret: generated by Secrets Manager, read through SSM's reference path."""
    return {"TokenSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
        "Name": f"{prefix}-token-secret", "Description": "Signs organizer sessions and participants' links",
        "GenerateSecretString": {"PasswordLength": 64, "ExcludePunctuation": True}}}}


def _alarms(prefix: str, api_stage: str) -> dict[str, Any]:
    def alarm(name: str, namespace: str, metric: str, dimensions: list[dict[str, Any]], threshold: int,
              description: str, statistic: str = "Sum") -> dict[str, Any]:
        return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
            "AlarmName": f"{prefix}-{name}", "AlarmDescription": description, "Namespace": namespace,
            "MetricName": metric, "Dimensions": dimensions, "Statistic": statistic, "Period": 300,
            "EvaluationPeriods": 1, "Threshold": threshold, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching", "AlarmActions": [{"Ref": "AlarmTopic"}],
            "OKActions": [{"Ref": "AlarmTopic"}]}}

    return {
        "AlarmTopic": {"Type": "AWS::SNS::Topic", "Properties": {
            "TopicName": f"{prefix}-alarms"}},  # nor CloudWatch: alarms name no one
        "DeadLetterAlarm": alarm(
            "undelivered-email", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
            [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["OutboxDeadLetterQueue", "QueueName"]}}], 1,
            "E-mails gave up after five attempts: see the dead-letter queue", statistic="Maximum"),
        "Api5xxAlarm": alarm(
            "api-5xx", "AWS/ApiGateway", "5XXError",
            [{"Name": "ApiName", "Value": "zapisy"}, {"Name": "Stage", "Value": api_stage}], 5,
            "The API answered 5xx five times or more in five minutes"),
    }


def _snapstart(environment: dict[str, str]) -> bool:
    """API_SNAPSTART: SnapStart on the API function (the default), or off where its cache charge for an
    idle month outweighs a quiet service's cold starts (README, "What 10,000 registrations cost")."""
    value = environment.get("API_SNAPSTART", "true").strip().lower()
    if value not in ("true", "false"):
        raise ValueError(f"API_SNAPSTART must be true or false, not {value!r}")
    return value == "true"


def function_wiring(prefix: str, environment: dict[str, str]) -> dict[str, Any]:
    """Each function gets its role, the names of what it uses and the runtime its zip is built for; the
    sender's concurrency is capped; the API function, which participants wait for, starts from a
    SnapStart snapshot of a published version (see chalicelib/handlers/snapstart.py)."""
    wiring: dict[str, Any] = {}
    variables = {
        "TABLE_NAME": {"Ref": "Table"}, "QUEUE_URL": {"Ref": "OutboxQueue"},
        "DEAD_LETTER_URL": {"Ref": "OutboxDeadLetterQueue"}, "EXPORTS_BUCKET": {"Ref": "ExportsBucket"},
        "SES_CONFIGURATION_SET": {"Ref": "MailConfigurationSet"},
        "TOKEN_SECRET_PARAM": {"Fn::Sub": f"/aws/reference/secretsmanager/{prefix}-token-secret"},
        "COGNITO_DOMAIN": {"Fn::Sub": "https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com"},
        "COGNITO_CLIENT_ID": {"Ref": "UserPoolClient"}, "COGNITO_USER_POOL_ID": {"Ref": "UserPool"},
        "POWERTOOLS_SERVICE_NAME": "zapisy", "POWERTOOLS_METRICS_NAMESPACE": "zapisy",
    }
    for name in FUNCTIONS:
        properties: dict[str, Any] = {"Role": {"Fn::GetAtt": [f"{name}Role", "Arn"]}, "Runtime": RUNTIME,
                                      "Environment": {"Variables": variables}}
        wiring[name] = {"Properties": properties}
        if name == "SendQueued":  # Chalice names the queue (see event_source_names); we cap the senders
            properties["Events"] = {"SendQueuedSqsEventSource": {"Properties": {
                "ScalingConfig": {"MaximumConcurrency": SENDER_CONCURRENCY}}}}
            properties["Timeout"] = 300
        if name == "SesFeedback":
            wiring[name]["DependsOn"] = ["FeedbackTopic"]
        if name not in ("APIHandler", "OrganizerAuth"):
            properties["MemorySize"] = 512  # rendering mail (MIME, QR code, .ics) is CPU: 128 MB would crawl
        if name == "APIHandler":
            properties["MemorySize"] = 1024  # exports build XLSX/PDF in memory; more memory is also more CPU
            properties["Timeout"] = 29
            properties["AutoPublishAlias"] = LIVE_ALIAS
            if _snapstart(environment):
                properties["SnapStart"] = {"ApplyOn": "PublishedVersions"}
        wiring[f"{name}Role"] = role(name, prefix, sender_domain(environment))
    return wiring


def _greedy_parameters() -> dict[str, Any]:
    """Chalice writes no parameter for a greedy `{proxy+}` path: declare the one API Gateway fills."""
    from chalicelib.handlers.pages.site import ALL_METHODS, CATCH_ALLS

    parameter = [{"name": "proxy", "in": "path", "required": True, "type": "string"}]
    return {path: {method.lower(): {"parameters": parameter} for method in ALL_METHODS} for path in CATCH_ALLS}


def _api(environment: dict[str, str]) -> dict[str, Any]:
    """API Gateway's own throttle in front of everything (requests per second and burst), and its
    own refusals in zapisy's words (chalicelib/web/gateway.py). They go into the API's definition,
    not beside it as resources, so a change to them redeploys the stage."""
    from chalicelib.config import read_settings
    from chalicelib.web.gateway import gateway_responses

    stage = read_settings(environment)
    return {"RestAPI": {"Properties": {
        "MethodSettings": [{
            "ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True,
            "ThrottlingRateLimit": float(environment.get("API_THROTTLE_RATE", "50")),
            "ThrottlingBurstLimit": int(environment.get("API_THROTTLE_BURST", "100"))}],
        "DefinitionBody": {
            "x-amazon-apigateway-gateway-responses": gateway_responses(stage.languages, stage.default_language),
            "paths": _greedy_parameters()}}}}


def merge_template(stage: str) -> dict[str, Any]:
    """Everything the stage needs besides what Chalice writes itself."""
    environment = stage_environment(stage)
    prefix = f"zapisy-{stage}"
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    api_stage = config["stages"][stage].get("api_gateway_stage", "api")
    resources = {"Table": _table(environment.get("TABLE_NAME", prefix)), **_queues(prefix), **_mail(prefix),
                 **_exports_bucket(), **_login(prefix, environment["BASE_URL"].rstrip("/")), **_secret(prefix),
                 **_alarms(prefix, api_stage), **_api(environment), **function_wiring(prefix, environment)}
    return {
        "Resources": resources,
        "Outputs": {
            "TableName": {"Value": {"Ref": "Table"}},
            "UserPoolId": {"Value": {"Ref": "UserPool"}},
            "LoginDomain": {"Value": {"Fn::Sub": "https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com"}},
            "FeedbackTopicArn": {"Value": {"Ref": "FeedbackTopic"}},
            "AlarmTopicArn": {"Value": {"Ref": "AlarmTopic"}},
            "MailConfigurationSet": {"Value": {"Ref": "MailConfigurationSet"}},
        },
    }


def call_the_live_alias(template: dict[str, Any]) -> dict[str, Any]:
    """API Gateway calls the API function's published `live` alias, which SnapStart restores, not
    $LATEST, which it never would: Chalice's template points the API's integrations and their permission
    at the function itself, so both are turned to the alias SAM publishes. It is named by the logical id
    SAM gives it (`APIHandlerAliaslive`): SAM resolves `APIHandler.Alias` in resources' properties, but
    not inside the API's definition."""
    resources = template["Resources"]
    paths = resources["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    turned = 0
    for methods in paths.values():
        for operation in methods.values():
            uri = operation.get("x-amazon-apigateway-integration", {}).get("uri", {})
            if isinstance(uri, dict) and "${APIHandler.Arn}" in str(uri.get("Fn::Sub", "")):
                uri["Fn::Sub"] = uri["Fn::Sub"].replace("${APIHandler.Arn}", f"${{{ALIAS_ID}}}")
                turned += 1
    if not turned:
        raise RuntimeError("Chalice's template has no integration calling APIHandler: nothing to turn to its alias")
    resources["APIHandlerInvokePermission"]["Properties"]["FunctionName"] = {"Ref": ALIAS_ID}
    return template

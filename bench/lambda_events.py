"""The events Lambda hands the functions, shaped as AWS sends them: an API Gateway REST proxy
request (`aws_proxy` integration, payload 1.0), an SQS batch of one message, an EventBridge
schedule."""
from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

REGION = "eu-central-1"
ACCOUNT = "123456789012"
DOMAIN = "zapisy.example.org"
API_STAGE = "api"
BROWSER = ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")


def _now() -> datetime:
    return datetime.now(UTC)


def api_request(method: str, resource: str, path: str, *, source_ip: str, query: dict[str, str] | None = None,
                headers: dict[str, str] | None = None, body: Any = None,
                authorizer: dict[str, str] | None = None) -> dict[str, Any]:
    """One request as API Gateway's proxy integration passes it: `resource` is the route's template
    ("/events/{event_id}"), `path` the concrete one; `body` is sent as JSON unless it is a string;
    `authorizer` is what the token authorizer's context gave (the JSON API's organizer routes)."""
    names = [part[1:-1] for part in resource.split("/") if part.startswith("{")]
    values = [part for template, part in zip(resource.split("/"), path.split("/"), strict=True)
              if template.startswith("{")]
    text = body if body is None or isinstance(body, str) else json.dumps(body)
    all_headers = {"Host": DOMAIN, "User-Agent": BROWSER, "Accept-Encoding": "gzip, deflate, br",
                   "X-Forwarded-For": source_ip, "X-Forwarded-Proto": "https", "X-Forwarded-Port": "443",
                   "X-Amzn-Trace-Id": f"Root=1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:24]}",
                   **({"Content-Type": "application/json"} if text is not None and not isinstance(body, str) else {}),
                   **(headers or {})}
    now = _now()
    context: dict[str, Any] = {
        "resourceId": hashlib.sha1(resource.encode()).hexdigest()[:6], "resourcePath": resource,
        "httpMethod": method, "extendedRequestId": uuid.uuid4().hex[:16],
        "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"), "path": f"/{API_STAGE}{path}",
        "accountId": ACCOUNT, "protocol": "HTTP/1.1", "stage": API_STAGE, "domainPrefix": DOMAIN.split(".")[0],
        "requestTimeEpoch": int(now.timestamp() * 1000), "requestId": str(uuid.uuid4()),
        "identity": {"cognitoIdentityPoolId": None, "accountId": None, "cognitoIdentityId": None, "caller": None,
                     "sourceIp": source_ip, "principalOrgId": None, "accessKey": None,
                     "cognitoAuthenticationType": None, "cognitoAuthenticationProvider": None, "userArn": None,
                     "userAgent": all_headers["User-Agent"], "user": None},
        "domainName": DOMAIN, "apiId": "a1b2c3d4e5"}
    if authorizer is not None:
        context["authorizer"] = {**authorizer, "integrationLatency": 12}
    return {
        "resource": resource, "path": path, "httpMethod": method,
        "headers": all_headers, "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": dict(query) if query else None,
        "multiValueQueryStringParameters": {name: [value] for name, value in query.items()} if query else None,
        "pathParameters": dict(zip(names, values, strict=True)) or None, "stageVariables": None,
        "requestContext": context, "body": text, "isBase64Encoded": False}


def page_headers(language: str = "uk") -> dict[str, str]:
    """What a browser sends besides its agent: a reader of `language` asking for HTML."""
    return {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": f"{language},en;q=0.5"}


def sqs_message(body: str, queue_arn: str) -> dict[str, Any]:
    """A batch of one message from the event source mapping (the sender's batch size is 1)."""
    now = str(int(_now().timestamp() * 1000))
    return {"Records": [{
        "messageId": str(uuid.uuid4()), "receiptHandle": uuid.uuid4().hex, "body": body,
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": now, "SenderId": "AROAEXAMPLE:zapisy",
                       "ApproximateFirstReceiveTimestamp": now},
        "messageAttributes": {}, "md5OfBody": hashlib.md5(body.encode()).hexdigest(),
        "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": REGION}]}


def schedule(rule: str) -> dict[str, Any]:
    """What an EventBridge schedule rule sends its target."""
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": ACCOUNT, "time": _now().strftime("%Y-%m-%dT%H:%M:%SZ"), "region": REGION,
            "resources": [f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{rule}"], "detail": {}}

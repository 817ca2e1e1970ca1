"""Make Chalice's local gateway read each built-in authorizer's own header, as API Gateway does.

API Gateway hands a TOKEN authorizer the header its identity source names (`header=` in
`@app.authorizer`); Chalice's LocalGateway (behind `chalice local` and `chalice.test`) always
reads `Authorization`. The dashboard's authorizer reads the session cookie, so locally it would
never see it. This restores the deployed behaviour; routes using `Authorization` are unchanged.
"""
from __future__ import annotations

from typing import Any

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from chalice import local

    original = local.LocalGatewayAuthorizer._prepare_authorizer_event

    def prepare(self: Any, arn: str, lambda_event: dict, lambda_context: Any) -> dict:
        route = self._route_for_event(lambda_event)
        config = getattr(getattr(route, "authorizer", None), "config", None)
        header = (getattr(config, "header", None) or "Authorization").lower()
        if header == "authorization":
            return original(self, arn, lambda_event, lambda_context)
        value = {k.lower(): v for k, v in (lambda_event.get("headers") or {}).items()}.get(header)
        if value is None:  # API Gateway answers 401 without calling the authorizer
            raise local.NotAuthorizedError(
                {"x-amzn-RequestId": lambda_context.aws_request_id, "x-amzn-ErrorType": "UnauthorizedException"},
                b'{"message":"Unauthorized"}')
        return {**lambda_event, "type": "TOKEN", "authorizationToken": value, "methodArn": arn}

    local.LocalGatewayAuthorizer._prepare_authorizer_event = prepare
    _installed = True

"""openapi.yaml is a valid OpenAPI document and describes exactly the app's JSON routes.

A route added under /api/ without documentation (or documentation left behind by a removed
route) fails here.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def _documented(spec: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in spec["paths"].items()
            for method in item if method in HTTP_METHODS}


def _routed() -> set[tuple[str, str]]:
    from app import app

    return {(method.upper(), path) for path, methods in app.routes.items() if path.startswith("/api/")
            and not path.endswith("{proxy+}")  # the catch-all only says 404: no operation of the API
            for method in methods}


def test_the_spec_is_a_valid_openapi_document(spec):
    from openapi_spec_validator import validate

    validate(spec)  # raises with the first problem


def test_schemathesis_loads_every_operation(spec):
    import schemathesis

    schema = schemathesis.openapi.from_path(str(SPEC))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(_documented(spec))


def test_every_json_route_is_documented_and_nothing_else(spec):
    routed, documented = _routed(), _documented(spec)
    assert routed, "the app has no /api/ routes?"
    assert routed - documented == set(), "routes missing from openapi.yaml"
    assert documented - routed == set(), "openapi.yaml documents routes the app does not have"


def test_pages_and_dev_routes_are_not_in_the_api_spec(spec):
    assert all(path.startswith("/api/") for path in spec["paths"])


def test_organizer_routes_need_the_bearer_token_and_public_ones_do_not(spec):
    scheme = spec["components"]["securitySchemes"]["organizerBearer"]
    assert (scheme["type"], scheme["scheme"], scheme["bearerFormat"]) == ("http", "bearer", "JWT")
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            security = operation.get("security", spec["security"])
            if path.startswith("/api/organizer/"):
                assert security == [{"organizerBearer": []}], (method, path)
                assert {"401", "403"} <= set(operation["responses"]), (method, path)
            else:
                assert security == [], (method, path)


def test_every_operation_documents_its_refusals_with_the_error_shape(spec):
    """Each 4xx/5xx the service itself answers uses the one error shape that http.py writes."""
    responses = spec["components"]["responses"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            for status, response in operation["responses"].items():
                if status[0] in "23":  # answers, not refusals
                    continue
                name = response["$ref"].rsplit("/", 1)[-1]
                assert name in responses, (method, path, status)
    error = spec["components"]["schemas"]["Error"]["properties"]["error"]
    assert error["required"] == ["code", "message", "fields"]


def test_the_error_schema_matches_what_the_service_writes(spec):
    import json

    from chalicelib.errors import Text
    from chalicelib.handlers.http import error_response

    response = error_response(400, "invalid", Text("Some fields need your attention."),
                              {"email": Text("This field is required.")}, "en")
    body = json.loads(response.body)
    error_schema = spec["components"]["schemas"]["Error"]
    assert set(body) == set(error_schema["required"])
    assert set(body["error"]) == set(error_schema["properties"]["error"]["required"])
    assert body["error"]["fields"] == {"email": "This field is required."}

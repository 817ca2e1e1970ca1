"""A cold start loads the routes, not the domain: `import app` imports no store, web, e-mail … module.

Handlers import the domain inside the functions that use it, so a Lambda container that answers
one request pays only for what that request needs (bench/startup.py measures the time). A
top-level import of a domain module in chalicelib/handlers/ fails here, naming the module.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

from infra.template import stage_environment
from tests.conftest import ROOT

PROD_ENV = {**stage_environment("prod"), "AWS_DEFAULT_REGION": "eu-central-1"}
FORBIDDEN_PACKAGES = ("chalicelib.store", "chalicelib.web", "chalicelib.emails", "chalicelib.registration",
                      "chalicelib.events", "chalicelib.reports", "chalicelib.exports", "chalicelib.checkin",
                      "chalicelib.privacy", "chalicelib.organizers", "chalicelib.notifications",
                      "chalicelib.devtools")
FORBIDDEN_MODULES = ("pynamodb.transactions", "chalicelib.store.models", "chalicelib.web.pages",
                     "chalicelib.store.transaction", "chalicelib.templating", "chalicelib.aws", "chalicelib.fields",
                     "aws_lambda_powertools", "babel", "jwt", "pynamodb", "jinja2", "boto3")
ROUTES = [("/events/{event_id}", "POST", None), ("/api/events/{event_id}/registrations", "POST", None),
          ("/manage/{token}", "GET", None), ("/api/organizer/events", "GET", "organizer_auth"),
          ("/organizer/events/{event_id}", "GET", None), ("/organizer/events/{event_id}/checkin", "POST", None),
          ("/organizer/privacy/erase", "POST", None), ("/organizer/reports/{file_name}", "GET", None),
          ("/organizer/login", "GET", None), ("/robots.txt", "GET", None), ("/{proxy+}", "DELETE", None)]

PROBE = """
import json, sys
import app
routes = {path: {method: (entry.authorizer.name if entry.authorizer else None) for method, entry in methods.items()}
          for path, methods in app.app.routes.items()}
print(json.dumps({"modules": sorted(sys.modules), "routes": routes,
                  "event_sources": len(app.app.event_sources)}))
"""


def _import_app() -> dict:
    """`import app` in a fresh interpreter with the production stage's environment."""
    env = {**os.environ, **PROD_ENV}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=False,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_importing_the_app_loads_no_domain_module():
    loaded = _import_app()["modules"]
    heavy = [m for m in loaded if any(_within(m, p) for p in FORBIDDEN_PACKAGES + FORBIDDEN_MODULES)]
    assert heavy == [], f"imported at the top of a handler (import them where they are used): {heavy}"
    ours = {m for m in loaded if _within(m, "chalicelib")}
    assert ours - {"chalicelib", "chalicelib.config", "chalicelib.errors", "chalicelib.i18n", "chalicelib.auth",
                   "chalicelib.observability"} == {m for m in ours if m.startswith("chalicelib.handlers")}


def test_the_app_still_has_every_route_and_authorizer():
    found = _import_app()
    routes = found["routes"]
    assert sum(len(methods) for methods in routes.values()) >= 70
    for path, method, authorizer in ROUTES:
        assert routes.get(path, {}).get(method, "missing") == authorizer, (path, method)
    behind_the_gateway = {p for p, methods in routes.items() for a in methods.values() if a}
    assert behind_the_gateway and all(p.startswith("/api/organizer/") for p in behind_the_gateway)
    # (the dashboard's pages check the session cookie themselves: test_dashboard.py sends each one no session)
    assert found["event_sources"] == 7  # five schedules, the outbox queue, the SES feedback topic


def test_the_literals_that_stand_in_for_domain_constants_match_them():
    from chalicelib.checkin import service as checkin
    from chalicelib.web.dashboard import checkin as dashboard_checkin

    assert set(dashboard_checkin.HEADLINES) == set(checkin.RESULTS)  # a headline for every outcome


def test_a_sign_ups_modules_load_no_mail_rendering():
    """In AWS the API only enqueues a sign-up's e-mail and the queue worker renders it: what a sign-up
    imports (its rules, the store, handing messages to delivery) loads no MIME, no mail template, no boto3."""
    probe = ("import json, sys\nimport chalicelib.application.participant.sign_up, chalicelib.emails.delivery\n"
             "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={**os.environ, **PROD_ENV}, capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    unused = ("chalicelib.emails.compose", "chalicelib.emails.render", "chalicelib.emails.mime", "jinja2", "boto3")
    assert [m for m in loaded if any(_within(m, p) for p in unused)] == []

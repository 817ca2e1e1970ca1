"""Settings fail closed: no stage is assumed, every value is checked at start-up, deployed stages need theirs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields

import pytest

from chalicelib.config import SCHEMA, STAGES, Settings, SettingsError, read_settings
from infra.template import stage_environment
from tests.conftest import ROOT

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DEPLOYED = {"STAGE": "prod", "TABLE_NAME": "zapisy-prod", "BASE_URL": "https://zapisy.example.org",
            "SENDER": "Zapisy <no-reply@zapisy.example.org>", "REPLY_ADDRESS": "zapisy@zapisy.example.org",
            "TOKEN_SECRET_PARAM": "/zapisy/prod/token-secret",
            "OUTBOX_MODE": "queue", "SES_RATE": "7", "COGNITO_DOMAIN": "", "COGNITO_CLIENT_ID": ""}

# Starts the app as `chalice local` and a Lambda do (import app), then asks for what only stage local may serve.
SERVE_DEV_ROUTES = """
import json, sys
from chalice.test import Client
import app
with Client(app.app, project_dir=sys.argv[1]) as client:  # no stage config: only the environment decides
    outbox = client.http.get("/dev/outbox")
    login = client.http.post("/organizer/login", headers={"Content-Type": "application/x-www-form-urlencoded"},
                             body="role=admin&project=re-turn")
print(json.dumps({"outbox": outbox.status_code, "login": login.status_code, "cookie": "Set-Cookie" in login.headers}))
"""


def _problems(**environ: str) -> list[str]:
    with pytest.raises(SettingsError) as refused:
        read_settings(environ)
    assert str(refused.value).count("\n  - ") == len(refused.value.problems)  # the message lists every one
    return refused.value.problems


def test_without_stage_the_app_refuses_to_start_and_serves_neither_dev_route(tmp_path):
    env = {name: value for name, value in os.environ.items() if name != "STAGE"}  # everything else as in tests
    done = subprocess.run([sys.executable, "-c", SERVE_DEV_ROUTES, str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout == "", f"served without a stage: {done.stdout}"
    assert done.returncode != 0
    assert "SettingsError" in done.stderr
    assert "STAGE is not set: it must be one of local, dev, prod" in done.stderr


@pytest.mark.parametrize("stage", ["", "   "])
def test_a_blank_stage_is_no_stage(stage):
    assert _problems(STAGE=stage) == [("STAGE is not set: it must be one of local, dev, prod (local switches on "
                                        "the development login and the /dev routes, so no stage is assumed)")]


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("STAGE", "production", "STAGE='production' is not allowed: it must be one of local, dev, prod"),
    ("STAGE", "Local", "STAGE='Local' is not allowed: it must be one of local, dev, prod"),
    ("TABLE_NAME", "zp", "TABLE_NAME='zp' is not allowed: it must be a DynamoDB table name"),
    ("BASE_URL", "zapisy.example.org", "BASE_URL='zapisy.example.org' is not allowed: it must be an http(s) address"),
    ("BASE_URL", "https://zapisy.example.org/?a=1", "BASE_URL='https://zapisy.example.org/?a=1' is not allowed"),
    ("BASE_URL", "http://127.0.0.1:port", "BASE_URL='http://127.0.0.1:port' is not allowed"),
    ("SENDER", "no-reply", "SENDER='no-reply' is not allowed: it must be an e-mail address"),
    ("SENDER", "Zapisy <a@zapisy.example.org>\r\nBcc: b@x.example", "SENDER='Zapisy <a@zapisy.example.org>\\r\\nBcc"),
    ("SES_REGION", "Frankfurt", "SES_REGION='Frankfurt' is not allowed: it must be an AWS region"),
    ("LANGUAGES", "pl,de", "LANGUAGES='pl,de' is not allowed: it must be a comma-separated list, without repeats"),
    ("LANGUAGES", "pl,pl", "LANGUAGES='pl,pl' is not allowed"),
    ("LANGUAGES", ",", "LANGUAGES=',' is not allowed"),
    ("DEFAULT_LANGUAGE", "de", "DEFAULT_LANGUAGE='de' is not allowed: it must be one of pl, en, uk"),
    ("OUTBOX_MODE", "sqs", "OUTBOX_MODE='sqs' is not allowed: it must be one of inline, queue"),
    ("QUEUE_URL", "zapisy-outbox", "QUEUE_URL='zapisy-outbox' is not allowed: it must be an http(s) address"),
    ("DEAD_LETTER_URL", "sqs://dead", "DEAD_LETTER_URL='sqs://dead' is not allowed"),
    ("SES_RATE", "fast", "SES_RATE='fast' is not a number"),
    ("SES_RATE", "nan", "SES_RATE='nan' is not a number"),
    ("SES_RATE", "inf", "SES_RATE='inf' is not a number"),
    ("SES_RATE", "-1", "SES_RATE='-1' is not allowed: it must be at least 0"),
    ("COGNITO_DOMAIN", "login.example.org", "COGNITO_DOMAIN='login.example.org' is not allowed"),
    ("RATE_PER_IP", "0", "RATE_PER_IP='0' is not allowed: it must be at least 1"),
    ("RATE_PER_IP", "2.5", "RATE_PER_IP='2.5' is not a whole number"),
    ("RATE_PER_ADDRESS", "-5", "RATE_PER_ADDRESS='-5' is not allowed: it must be at least 1"),
    ("TOKEN_TTL_SECONDS", "0", "TOKEN_TTL_SECONDS='0' is not allowed: it must be from 60 to 604,800"),
    ("OUTBOX_SHARDS", "0", "OUTBOX_SHARDS='0' is not allowed: it must be from 1 to 64"),
    ("RETENTION_DAYS", "ninety", "RETENTION_DAYS='ninety' is not a whole number"),
    ("RETENTION_DAYS", "0", "RETENTION_DAYS='0' is not allowed: it must be from 1 to 3,650"),
    ("EXPORTS_BUCKET", "Zapisy_Exports", "EXPORTS_BUCKET='Zapisy_Exports' is not allowed: it must be an S3 bucket"),
    ("EXPORT_INLINE_MAX_BYTES", "7000000", "EXPORT_INLINE_MAX_BYTES='7000000' is not allowed: it must be from 0"),
])
def test_a_wrong_value_is_refused_with_its_own_message(variable, value, message):
    problems = _problems(**{"STAGE": "local", variable: value})
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_a_short_token_secret_is_refused_without_repeating_it():
    secret = "correct horse battery"
    problems = _problems(STAGE="local", TOKEN_SECRET=secret)
    assert problems == ["TOKEN_SECRET=(hidden) is not allowed: it must be 32 characters or more"]


def test_a_default_made_from_another_setting_is_checked_too():
    assert _problems(STAGE="local", TABLE_NAME="Zapisy_Prod") == [(
        "EXPORTS_BUCKET is not set and its default 'Zapisy_Prod-exports' is not allowed: it must be an S3 bucket name "
        "(3-63 of a-z 0-9 . -)")]
    assert read_settings({"STAGE": "local", "TABLE_NAME": "Zapisy_Prod", "EXPORTS_BUCKET": "zapisy-exports"})


def test_settings_that_disagree_are_refused():
    assert _problems(STAGE="local", LANGUAGES="pl,en", DEFAULT_LANGUAGE="uk") == [
        "DEFAULT_LANGUAGE='uk' is not one of LANGUAGES (pl,en)"]
    for half in ({"COGNITO_DOMAIN": "https://login.example.org"}, {"COGNITO_CLIENT_ID": "client"}):
        assert _problems(STAGE="local", **half) == [
            "COGNITO_DOMAIN and COGNITO_CLIENT_ID go together (the organizers' login): set both or neither"]


def test_every_problem_is_reported_at_once():
    problems = _problems(STAGE="prod", SES_RATE="x", RATE_PER_IP="0", OUTBOX_MODE="sqs", LANGUAGES="pl,de")
    assert [p.split("=")[0].split(" ")[0] for p in problems] == [
        "TABLE_NAME", "BASE_URL", "SENDER", "REPLY_ADDRESS", "LANGUAGES", "OUTBOX_MODE", "SES_RATE", "RATE_PER_IP",
        "TOKEN_SECRET_PARAM"]


@pytest.mark.parametrize("stage", ["dev", "prod"])
@pytest.mark.parametrize("variable", ["TABLE_NAME", "BASE_URL", "SENDER", "REPLY_ADDRESS"])
def test_a_deployed_stage_without_a_required_setting_is_refused(stage, variable):
    environ = {**DEPLOYED, "STAGE": stage, variable: ""}
    problems = _problems(**environ)
    assert len(problems) == 1 and problems[0].startswith(f"{variable} must be set in stage {stage!r} (the default ")


def test_a_deployed_stage_needs_a_token_secret_and_a_sending_rate():
    assert _problems(**{**DEPLOYED, "TOKEN_SECRET_PARAM": ""}) == [
        "TOKEN_SECRET_PARAM (or TOKEN_SECRET) must be set in stage 'prod': organizer tokens are signed with it"]
    assert read_settings({**DEPLOYED, "TOKEN_SECRET_PARAM": "", "TOKEN_SECRET": "s" * 32}).token_secret == "s" * 32
    assert _problems(**{**DEPLOYED, "SES_RATE": "0"}) == [
        "SES_RATE=0 sends unpaced, for local use only: stage 'prod' needs the SES rate (above 0)"]


def test_the_defaults_for_local_work():
    local = read_settings({"STAGE": "local"})
    assert local.is_local
    assert (local.table_name, local.base_url, local.outbox_mode, local.languages, local.default_language) == (
        "zapisy-local", "http://127.0.0.1:8000", "inline", ("pl", "en", "uk"), "pl")
    assert (local.ses_rate, local.rate_per_ip, local.rate_per_address, local.token_ttl_seconds) == (14, 30, 5, 28800)
    assert (local.exports_bucket, local.ses_region, local.token_secret) == ("zapisy-local-exports", "eu-central-1", "")
    assert read_settings({"STAGE": "local", "SES_RATE": "0"}).ses_rate == 0  # unpaced: tests and benchmarks
    derived = read_settings({"STAGE": "local", "TABLE_NAME": "zapisy-x", "AWS_DEFAULT_REGION": "eu-west-1"})
    assert (derived.exports_bucket, derived.ses_region) == ("zapisy-x-exports", "eu-west-1")
    assert read_settings({"STAGE": "local", "BASE_URL": "https://zapisy.example.org/"}).base_url == \
        "https://zapisy.example.org"


def test_the_stages_of_the_chalice_config_start():
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    assert set(config["stages"]) == set(STAGES)
    for stage in ("dev", "prod"):
        checked = read_settings(stage_environment(stage))
        assert checked.stage == stage and not checked.is_local


def test_the_schema_has_one_row_for_every_field():
    assert [s.field for s in SCHEMA] == [f.name for f in fields(Settings)]
    assert len({s.variable for s in SCHEMA}) == len(SCHEMA)


def test_in_a_deployed_stage_the_dev_routes_and_the_development_login_answer_404(web, settings_env):
    from chalicelib.config import settings

    settings_env(**DEPLOYED, TOKEN_SECRET="")
    assert settings().stage == "prod"  # valid: the 404s below are the stage's, not a refusal
    for method, path in [("GET", "/dev/outbox"), ("GET", "/dev/outbox.json"), ("POST", "/dev/jobs/outbox"),
                         ("GET", "/organizer/login")]:
        assert web.request(method, path).status_code == 404, path
    login = web.post("/organizer/login", headers={**FORM, "Origin": "http://localhost", "Host": "localhost"},
                     body="role=admin&project=re-turn")
    assert login.status_code == 404 and "Set-Cookie" not in login.headers


def test_packaging_refuses_a_stage_that_would_not_start(monkeypatch, tmp_path):
    from infra import package

    monkeypatch.setattr(package, "stage_environment", lambda stage: {**DEPLOYED, "SENDER": ""})
    with pytest.raises(SettingsError, match="SENDER must be set in stage 'prod'"):
        package.package("prod", tmp_path / "dist")
    assert not (tmp_path / "dist").exists() and os.environ["STAGE"] == "local"


def test_make_token_needs_no_stage_in_the_shell():
    from chalicelib.auth import verify_organizer_token

    env = {name: value for name, value in os.environ.items() if name not in ("STAGE", "TOKEN_SECRET")}
    for shell in ({}, {"STAGE": "prod"}):
        done = subprocess.run([sys.executable, "-m", "devstack", "token"], cwd=ROOT, env={**env, **shell},
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert verify_organizer_token(done.stdout.strip()).role == "admin"  # signed with the local stack's secret

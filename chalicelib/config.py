"""Settings, read once from the environment of the stage (see .chalice/config.json) and checked against one schema.

The stage fails closed: without `STAGE`, or with any setting of the wrong type or out of range, or a
deployed stage missing one it needs, `settings()` raises `SettingsError` naming every problem at once.
`app.py` calls it while loading, so a misconfigured Lambda fails at init instead of serving requests
open (stage `local` switches on the development login and the `/dev` routes) or half broken.
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from .i18n import SUPPORTED_LANGUAGES

LOCAL_STAGE = "local"
STAGES = (LOCAL_STAGE, "dev", "prod")  # the stages of .chalice/config.json; every one but local is deployed


@dataclass(frozen=True)
class Settings:
    stage: str
    table_name: str
    base_url: str
    sender: str
    reply_address: str  # where "unsubscribe" mail goes (the mailto of List-Unsubscribe)
    ses_region: str
    languages: tuple[str, ...]
    default_language: str
    outbox_mode: str  # "inline": drain right after each request (local); "queue": SQS worker (AWS)
    queue_url: str
    dead_letter_url: str
    ses_rate: float  # e-mails per second this process may send
    cognito_domain: str  # https://<prefix>.auth.<region>.amazoncognito.com (hosted UI)
    cognito_client_id: str
    rate_per_ip: int  # web form sign-ups per source address per 10 minutes
    rate_per_address: int  # web form sign-ups per e-mail address per hour
    token_secret: str  # local and tests only; in AWS the secret comes from SSM
    token_secret_param: str
    token_ttl_seconds: int
    outbox_shards: int
    privacy_notice_version: str
    retention_days_default: int
    exports_bucket: str  # S3 bucket for exports too large to answer inline
    export_inline_max_bytes: int  # a larger export is answered with a redirect to S3
    cognito_user_pool_id: str = ""  # the pool whose users are organizers (their management page)
    ses_configuration_set: str = ""  # routes bounces and complaints to the feedback topic (AWS)
    site_institution: str = ""  # the institution the board and the statements speak for (else the directory's rule)

    @property
    def is_local(self) -> bool:
        return self.stage == LOCAL_STAGE


class SettingsError(ValueError):
    """The environment is wrong; the message lists every problem, so one fix-and-deploy round settles them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("zapisy refuses to start, its settings are wrong:\n"
                         + "\n".join(f"  - {problem}" for problem in problems))


# -- the kinds of value: each parser turns the text into the type or raises ValueError ------------------------

def _text(raw: str) -> str:
    return raw


def _address(raw: str) -> str:
    return raw.rstrip("/")


def _whole_number(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError("is not a whole number") from None


def _number(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError("is not a number")
    return value


def _words(raw: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in raw.split(",") if word.strip())


# -- what a value may be ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """A test of the parsed value and the words that say what it allows (in the message and the docs)."""

    allows: Callable[[Any], bool]
    says: str


def one_of(*choices: str) -> Rule:
    """Exactly one of the named values (case matters: the code compares them as written)."""
    return Rule(lambda value: value in choices, "one of " + ", ".join(choices))


def between(low: float, high: float | None = None) -> Rule:
    """A range, inclusive; without `high` only a floor."""
    if high is None:
        return Rule(lambda value: value >= low, f"at least {low:,}")
    return Rule(lambda value: low <= value <= high, f"from {low:,} to {high:,}")


def pattern(regex: str, says: str) -> Rule:
    """The whole value matches `regex`: names AWS would refuse later, refused now."""
    compiled = re.compile(regex)
    return Rule(lambda value: compiled.fullmatch(value) is not None, says)


def _web_address(value: str) -> bool:
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query and not parts.fragment
            and not any(ch.isspace() for ch in value))


WEB_ADDRESS = Rule(_web_address, "an http(s) address with a host and no query")


def _language_list(value: tuple[str, ...]) -> bool:
    return bool(value) and len(set(value)) == len(value) and set(value) <= set(SUPPORTED_LANGUAGES)


LANGUAGE_LIST = Rule(_language_list, "a comma-separated list, without repeats, of " + ", ".join(SUPPORTED_LANGUAGES))
_MAILBOX = r"[^@<>\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
MAILBOX = pattern(rf"[^<>\r\n]*<{_MAILBOX}>|{_MAILBOX}", "an e-mail address, optionally as Name <address>")


# -- the schema: every environment variable the settings are read from -----------------------------------------

Default = str | Callable[[Mapping[str, str]], str] | None  # None: no default, required in every stage


@dataclass(frozen=True)
class Setting:
    """One environment variable: the field it fills, its type, its default and what it may be."""

    variable: str
    field: str
    parse: Callable[[str], Any]
    default: Default
    rule: Rule | None = None
    deployed: bool = False  # must be set in the environment of every deployed stage (the default is for local)
    secret: bool = False  # never repeated in a message
    why: str = ""  # added to its message

    def default_for(self, environ: Mapping[str, str]) -> str | None:
        return self.default(environ) if callable(self.default) else self.default


def _ses_region(environ: Mapping[str, str]) -> str:
    return _value(environ, "AWS_DEFAULT_REGION") or "eu-central-1"


def _exports_bucket(environ: Mapping[str, str]) -> str:
    return f"{_value(environ, 'TABLE_NAME') or 'zapisy-local'}-exports"


SCHEMA: tuple[Setting, ...] = (
    Setting("STAGE", "stage", _text, None, one_of(*STAGES),
            why="local switches on the development login and the /dev routes, so no stage is assumed"),
    Setting("TABLE_NAME", "table_name", _text, "zapisy-local",
            pattern(r"[A-Za-z0-9_.-]{3,255}", "a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)"), deployed=True),
    Setting("BASE_URL", "base_url", _address, "http://127.0.0.1:8000", WEB_ADDRESS, deployed=True),
    Setting("SENDER", "sender", _text, "Zapisy <no-reply@zapisy.example.org>", MAILBOX, deployed=True),
    Setting("REPLY_ADDRESS", "reply_address", _text, "zapisy@zapisy.example.org",
            pattern(_MAILBOX, "an e-mail address"), deployed=True,
            why="read by people: the mailto of List-Unsubscribe in organizer messages"),
    Setting("SES_REGION", "ses_region", _text, _ses_region,
            pattern(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}", "an AWS region such as eu-central-1")),
    Setting("LANGUAGES", "languages", _words, "pl,en,uk", LANGUAGE_LIST),
    Setting("DEFAULT_LANGUAGE", "default_language", _text, "pl", one_of(*SUPPORTED_LANGUAGES)),
    Setting("OUTBOX_MODE", "outbox_mode", _text, "inline", one_of("inline", "queue")),
    Setting("QUEUE_URL", "queue_url", _text, "", WEB_ADDRESS),
    Setting("DEAD_LETTER_URL", "dead_letter_url", _text, "", WEB_ADDRESS),
    Setting("SES_RATE", "ses_rate", _number, "14", between(0)),
    Setting("COGNITO_DOMAIN", "cognito_domain", _address, "", WEB_ADDRESS),
    Setting("COGNITO_CLIENT_ID", "cognito_client_id", _text, ""),
    Setting("RATE_PER_IP", "rate_per_ip", _whole_number, "30", between(1)),
    Setting("RATE_PER_ADDRESS", "rate_per_address", _whole_number, "5", between(1)),
    Setting("TOKEN_SECRET", "token_secret", _text, "", Rule(lambda value: len(value) >= 32, "32 characters or more"),
            secret=True),
    Setting("TOKEN_SECRET_PARAM", "token_secret_param", _text, ""),
    Setting("TOKEN_TTL_SECONDS", "token_ttl_seconds", _whole_number, "28800", between(60, 7 * 86400)),
    Setting("OUTBOX_SHARDS", "outbox_shards", _whole_number, "4", between(1, 64)),
    Setting("PRIVACY_NOTICE_VERSION", "privacy_notice_version", _text, "2026-11"),
    Setting("RETENTION_DAYS", "retention_days_default", _whole_number, "90", between(1, 3650)),
    Setting("EXPORTS_BUCKET", "exports_bucket", _text, _exports_bucket,
            pattern(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", "an S3 bucket name (3-63 of a-z 0-9 . -)")),
    # Lambda answers at most 6 MB: a larger inline export would fail instead of going to S3.
    Setting("EXPORT_INLINE_MAX_BYTES", "export_inline_max_bytes", _whole_number, "5000000", between(0, 6_000_000)),
    Setting("COGNITO_USER_POOL_ID", "cognito_user_pool_id", _text, ""),
    Setting("SES_CONFIGURATION_SET", "ses_configuration_set", _text, ""),
    Setting("SITE_INSTITUTION", "site_institution", _text, "",
            pattern(r"[a-z0-9_-]{1,64}", "an institution id (lowercase letters, digits, - or _)")),
)


# -- rules across settings ------------------------------------------------------------------------------------

def _default_language_offered(values: Mapping[str, Any], deployed: str | None) -> str | None:
    if {"languages", "default_language"} <= values.keys() and values["default_language"] not in values["languages"]:
        offered = ",".join(values["languages"])
        return f"DEFAULT_LANGUAGE={values['default_language']!r} is not one of LANGUAGES ({offered})"
    return None


def _login_pair(values: Mapping[str, Any], deployed: str | None) -> str | None:
    pair = ("cognito_domain", "cognito_client_id")
    if set(pair) <= values.keys() and bool(values[pair[0]]) != bool(values[pair[1]]):
        return "COGNITO_DOMAIN and COGNITO_CLIENT_ID go together (the organizers' login): set both or neither"
    return None


def _token_secret(values: Mapping[str, Any], deployed: str | None) -> str | None:
    if deployed and "token_secret" in values and not (values["token_secret"] or values.get("token_secret_param")):
        return (f"TOKEN_SECRET_PARAM (or TOKEN_SECRET) must be set in stage {deployed!r}: "
                "organizer tokens are signed with it")
    return None


def _paced(values: Mapping[str, Any], deployed: str | None) -> str | None:
    if deployed and values.get("ses_rate", 1) == 0:
        return f"SES_RATE=0 sends unpaced, for local use only: stage {deployed!r} needs the SES rate (above 0)"
    return None


# Each gets the values that passed their own checks and the deployed stage (None: local or unknown).
CROSS_RULES: tuple[Callable[[Mapping[str, Any], str | None], str | None], ...] = (
    _default_language_offered, _login_pair, _token_secret, _paced)


def _value(environ: Mapping[str, str], name: str) -> str:
    """The variable's text; blank counts as unset."""
    return (environ.get(name) or "").strip()


def _read(setting: Setting, environ: Mapping[str, str], deployed: str | None) -> tuple[Any, str | None]:
    """The parsed value of one variable, or a problem naming it (`deployed`: the stage, None for local)."""
    raw = _value(environ, setting.variable)
    shown = f"{setting.variable}={'(hidden)' if setting.secret else repr(raw)}"
    why = f" ({setting.why})" if setting.why else ""
    says = setting.rule.says if setting.rule else "set"
    if not raw:
        if setting.default is None:
            return None, f"{setting.variable} is not set: it must be {says}{why}"
        if setting.deployed and deployed:
            return None, (f"{setting.variable} must be set in stage {deployed!r} "
                          f"(the default {setting.default_for(environ)!r} is for local use only)")
        raw = setting.default_for(environ) or ""
        if not raw:
            return setting.parse(raw), None  # an optional setting left unset
        shown = f"{setting.variable} is not set and its default {raw!r}"
    try:
        value = setting.parse(raw)
    except ValueError as error:
        return None, f"{shown} {error}"
    if setting.rule is not None and not setting.rule.allows(value):
        return None, f"{shown} is not allowed: it must be {says}{why}"
    return value, None


def read_settings(environ: Mapping[str, str]) -> Settings:
    """Parse and check every variable of SCHEMA and every rule across them; `SettingsError` lists all problems."""
    stage = _value(environ, "STAGE")
    deployed = stage if stage in STAGES and stage != LOCAL_STAGE else None  # unknown: its own problem, no more
    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting in SCHEMA:
        value, problem = _read(setting, environ, deployed)
        if problem:
            problems.append(problem)
        else:
            values[setting.field] = value
    problems += [problem for rule in CROSS_RULES if (problem := rule(values, deployed))]
    if problems:
        raise SettingsError(problems)
    return Settings(**values)


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The stage's settings, checked; cached because the environment of a Lambda never changes."""
    return read_settings(os.environ)

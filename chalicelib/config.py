"""Settings, read once from the environment of the stage (see .chalice/config.json)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    stage: str
    table_name: str
    base_url: str
    sender: str
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

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The stage's settings; cached because the environment of a Lambda never changes."""
    languages = tuple(x.strip() for x in _env("LANGUAGES", "pl,en,uk").split(",") if x.strip())
    return Settings(
        stage=_env("STAGE", "local"),
        table_name=_env("TABLE_NAME", "zapisy-local"),
        base_url=_env("BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        sender=_env("SENDER", "Zapisy <no-reply@zapisy.example.org>"),
        ses_region=_env("SES_REGION", _env("AWS_DEFAULT_REGION", "eu-central-1")),
        languages=languages,
        default_language=_env("DEFAULT_LANGUAGE", "pl"),
        outbox_mode=_env("OUTBOX_MODE", "inline"),
        queue_url=_env("QUEUE_URL"),
        dead_letter_url=_env("DEAD_LETTER_URL"),
        ses_rate=float(_env("SES_RATE", "14")),
        cognito_domain=_env("COGNITO_DOMAIN").rstrip("/"),
        cognito_client_id=_env("COGNITO_CLIENT_ID"),
        rate_per_ip=int(_env("RATE_PER_IP", "30")),
        rate_per_address=int(_env("RATE_PER_ADDRESS", "5")),
        token_secret=_env("TOKEN_SECRET"),
        token_secret_param=_env("TOKEN_SECRET_PARAM"),
        token_ttl_seconds=int(_env("TOKEN_TTL_SECONDS", "28800")),
        outbox_shards=int(_env("OUTBOX_SHARDS", "4")),
        privacy_notice_version=_env("PRIVACY_NOTICE_VERSION", "2026-11"),
        retention_days_default=int(_env("RETENTION_DAYS", "90")),
        exports_bucket=_env("EXPORTS_BUCKET") or f"{_env('TABLE_NAME', 'zapisy-local')}-exports",
        export_inline_max_bytes=int(_env("EXPORT_INLINE_MAX_BYTES", "5000000")),
        cognito_user_pool_id=_env("COGNITO_USER_POOL_ID"),
        ses_configuration_set=_env("SES_CONFIGURATION_SET"),
    )

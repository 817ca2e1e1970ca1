"""SnapStart: what the API function does before Lambda snapshots it, and after a restore.

With SnapStart (infra/template.py), Lambda initialises the API function once per published
version, snapshots its memory, and starts each new container from that snapshot: the imports
and warm-up done before the snapshot cost a participant nothing. Init alone imports little
(the app defers its heavy modules to the paths that use them), so the hook before the snapshot
loads what the pages, the registration and the dashboard load at their first request: every
module of the app, the libraries they import lazily on those paths, each language's catalogue,
Babel data, collation and compiled templates, and the AWS clients a registration uses (DynamoDB,
SQS, and the one the token secret is read with; their credentials come from Lambda's container
provider and refresh themselves). It opens no
connection and reads no secret or data: a snapshot lives for days and is shared by every
container restored from it, and botocore reconnects on its own after a restore.

After a restore, each container re-seeds `random` (the e-mail retry jitter), so containers
restored from one snapshot do not all draw the same sequence; `secrets` and `uuid4` read the
operating system's randomness and need nothing. The hooks are registered only when Lambda
initialises the function for a snapshot (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start); elsewhere
this module imports nothing.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the rest loads only when the hooks run: every cold start imports this module
    from collections.abc import Iterator
    from types import ModuleType

SNAPSHOT_INIT = "snap-start"
# What the participant's and organizer's paths import inside functions, beyond the app's own modules.
LAZY_LIBRARIES = ("email_validator", "babel.dates", "babel.numbers", "jwt", "jinja2", "markupsafe", "zoneinfo",
                  "botocore.exceptions", "pynamodb.exceptions", "pynamodb.models", "icalendar", "segno")
# Loaded only by rare organizer actions (exports, certificates, documents) or the local stage.
NOT_WARMED = ("chalicelib.devtools",)


def install() -> bool:
    """Register the hooks when this initialisation ends in a snapshot; says whether it did."""
    if os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE") != SNAPSHOT_INIT:
        return False
    from snapshot_restore_py import register_after_restore, register_before_snapshot

    register_before_snapshot(before_snapshot)
    register_after_restore(after_restore)
    return True


def before_snapshot() -> list[str]:
    """Load into memory what a first request would load; returns the app modules imported."""
    import importlib

    import chalicelib

    imported = list(_import_all(chalicelib))
    for library in LAZY_LIBRARIES:
        importlib.import_module(library)
    _warm_texts()
    _warm_clients()
    return imported


def _import_all(package: ModuleType) -> Iterator[str]:
    """Every module of `package`, its subpackages' included, but those NOT_WARMED."""
    import importlib
    import pkgutil

    for found in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if found.name.startswith(NOT_WARMED):
            continue
        module = importlib.import_module(found.name)
        yield found.name
        if found.ispkg:
            yield from _import_all(module)


def _warm_texts() -> None:
    """Each language's catalogue, Babel data and collation, and every page and e-mail template loaded."""
    from datetime import UTC, datetime

    from ..config import settings
    from ..emails.render import TEMPLATES as EMAILS
    from ..i18n import format_date, gettext
    from ..templating import environment
    from ..vocabulary.collation import sort_for
    from ..web.pages import TEMPLATES as PAGES

    moment = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for language in settings().languages:
        gettext(language, "Not found.")
        format_date(moment, "Europe/Warsaw", language)
        sort_for(language, ["b", "a"])
    for folder in (PAGES, EMAILS):
        for name in folder.names():
            environment(folder).get_template(name)


def _warm_clients() -> None:
    """The container's botocore session and the clients of a registration: DynamoDB's (PynamoDB's shared
    connection), SQS's and the token secret's store's (the secret is read after the restore). Building a
    client sends nothing."""
    from .. import aws
    from ..auth import secret_client
    from ..store.connection import shared_connection

    shared_connection()
    aws.sqs()
    secret_client()


def after_restore() -> None:
    """What must differ between containers restored from one snapshot."""
    import random

    random.seed()

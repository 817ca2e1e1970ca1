"""Stage `local` only: see the mail SES received and run a schedule now. 404 everywhere else."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ...config import settings
from ...errors import NotFound, Text
from ..http import api_route, json_response

dev = Blueprint(__name__)


def _local_only() -> None:
    if not settings().is_local:
        raise NotFound()


@api_route(dev, "/dev/outbox.json", methods=["GET"])
def outbox_json() -> Response:
    _local_only()
    from ...devtools.mailbox import sent_mail

    return json_response(sent_mail())


@api_route(dev, "/dev/outbox", methods=["GET"])
def outbox_page() -> Response:
    _local_only()
    from ...devtools.mailbox import outbox_html

    preview = (dev.current_request.query_params or {}).get("preview") == "1"
    return Response(body=outbox_html(preview=preview), status_code=200,
                    headers={"Content-Type": "text/html; charset=utf-8"})


@api_route(dev, "/dev/jobs/{name}", methods=["POST"])
def run_job(name: str) -> Response:
    _local_only()
    from ...application.schedules.jobs import JOBS

    job = JOBS.get(name)
    if job is None:
        raise NotFound(Text("Unknown job."))
    result: Any = job()
    return json_response({"job": name, "result": result})

"""Run inside an unpacked deployment.zip (python -S, the zip's root and boto3 only on sys.path).

Renders an event's page in each language from the templates compiled at build time (the zip
has no template sources), with no table behind it (the page's institution is left out). Prints
one JSON object for the test to check.
"""
from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

root, *extra = sys.argv[1:]
sys.path[:0] = [root, *extra]

from chalicelib.institutions import recent  # noqa: E402
from chalicelib.records import Event  # noqa: E402
from chalicelib.templating import environment  # noqa: E402
from chalicelib.web import pages, public  # noqa: E402

recent.directory = recent.Directory  # the page's frame without an institution: there is no table here
starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)  # open for sign-ups: the form shows
event = Event(event_id="probe", kind="workshop", status="published",
              title={"pl": "Warsztat", "en": "Workshop", "uk": "Семінар"}, starts_at=starts,
              ends_at=starts + timedelta(hours=2), timezone="Europe/Warsaw", venue="Kielce", capacity=10,
              created_at=starts, updated_at=starts)
result = {}
for language in ("pl", "en", "uk"):
    page = public.event_page(event, language)
    result[language] = {"status": page.status_code, "body": page.body}
result["loader"] = type(environment(pages.TEMPLATES).loader).__name__
print(json.dumps(result, ensure_ascii=False))

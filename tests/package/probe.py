"""Run inside an unpacked deployment.zip (python -S, the zip's root and boto3 only on sys.path).

Proves the pruned package still does the heavy work (initialised as for a SnapStart snapshot, its
hooks run as Lambda runs them): the app and its handlers import, an e-mail
and a date in every language, an .ics, lists sorted with the prebuilt collation table (and the
collation files it opened), an XLSX, a PDF sign-in sheet and a certificate of attendance (HarfBuzz
shaping, a PNG logo without Pillow); and that every module it took from the zip came from the
zip's bytecode, none compiled from its source.
Prints one JSON object for the test to check.
"""
from __future__ import annotations

import importlib._bootstrap_external as external  # the import system's own loaders
import io
import json
import os
import sys
from datetime import UTC, datetime, timedelta

root, *extra = sys.argv[1:]
sys.path[:0] = [root, *extra]
compiled_from_source: list[str] = []
collation_files: list[str] = []


def _opened(event: str, args: tuple) -> None:
    if event == "open" and isinstance(args[0], str) and os.path.basename(args[0]).startswith(("allkeys-", "ducet-")):
        collation_files.append(os.path.relpath(args[0], root))


sys.addaudithook(_opened)
_source_to_code = external.SourceLoader.source_to_code


def _counted(self: object, data: bytes, path: str, *, _optimize: int = -1) -> object:
    """What a source loader does when a module has no usable bytecode: compile its source."""
    compiled_from_source.append(str(path))
    return _source_to_code(self, data, path, _optimize=_optimize)


external.SourceLoader.source_to_code = _counted
from chalicelib.calendar_file import event_calendar  # noqa: E402
from chalicelib.certificates.document import CertificateContent, render  # noqa: E402
from chalicelib.emails.render import render_email, sample_context  # noqa: E402
from chalicelib.exports.columns import AttendeeColumns  # noqa: E402
from chalicelib.exports.pdf_sheet import write_signin_sheet  # noqa: E402
from chalicelib.exports.xlsx_file import write_xlsx  # noqa: E402
from chalicelib.i18n import format_datetime  # noqa: E402
from chalicelib.records import Event, Registration  # noqa: E402
from chalicelib.vocabulary.collation import sort_for  # noqa: E402

starts = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
event = Event(event_id="probe", kind="workshop", status="published",
              title={"pl": "Warsztat", "en": "Workshop", "uk": "Семінар"}, starts_at=starts,
              ends_at=starts + timedelta(hours=2), timezone="Europe/Warsaw", venue="Kielce", capacity=10,
              created_at=starts, updated_at=starts)
people = [Registration(registration_id=str(n), event_id="probe", status="confirmed",
                       name=name, email=f"p{n}@example.org", created_at=starts, updated_at=starts)
          for n, name in enumerate(["Олена Коваленко", "Zażółć Gęślą", "=cmd|' /C calc'!A0"])]
result: dict = {"emails": {}, "dates": {}}
for language in ("pl", "en", "uk"):
    content = render_email("confirmation", language, sample_context(language))
    result["emails"][language] = {"subject": content.subject, "text": content.text[:400]}
    result["dates"][language] = format_datetime(starts, "Europe/Warsaw", language)
result["ics"] = event_calendar(uid="probe@zapisy", title="Семінар", description="", location="Kielce",
                               starts_at=starts, ends_at=starts + timedelta(hours=2),
                               timezone="Europe/Warsaw").decode()
workbook = io.BytesIO()
result["xlsx_rows"] = write_xlsx(AttendeeColumns(event, "uk"), people, workbook, "Семінар", "Lista")
result["xlsx_head"] = workbook.getvalue()[:2].decode("latin-1")
sheet = io.BytesIO()
result["pdf_rows"] = write_signin_sheet(event, people, sheet, language="pl", funder="EU", only_session=None)
result["pdf_head"] = sheet.getvalue()[:5].decode("latin-1")
import png  # noqa: E402

logo = io.BytesIO()
png.Writer(2, 1, greyscale=False, alpha=True).write(logo, [[200, 30, 40, 255, 0, 0, 0, 0]])
certificate = render([CertificateContent(
    number="RT-2026-00001", verify_url="https://zapisy.example/certificates/RT-2026-00001", language="uk",
    holder_name="محمد عبد الله", event_title="Семінар", covered="", dates="24 листопада 2026", hours=2.0,
    place="Kielce", institution_name="Urząd", institution_logo=(logo.getvalue(), "image/png"), project_name="Re-Turn",
    funding_statement="EU", show_eu_emblem=True, funder_logos=(), signatory="Anna Kowalska", issued_on="24.11.2026")])
result["certificate_head"] = certificate[:5].decode("latin-1")
result["sorted"] = {"pl": sort_for("pl", ["Zjednoczone Emiraty Arabskie", "Łotwa", "Litwa"]),
                    "uk": sort_for("uk", ["Ізраїль", "Єгипет", "Австралія"])}
result["collation_files"] = collation_files
from chalicelib import observability  # noqa: E402

observability.begin("probe-request")
observability.logger().info("probe")
observability.count(observability.EMAILS_SENT)
observability.finish()
try:
    import PIL  # noqa: F401
    result["pillow"] = True
except ImportError:
    result["pillow"] = False
from chalicelib import aws  # noqa: E402

session = aws.botocore_session()  # reads the zip's cut botocore data alone
result["botocore_data"] = [os.path.relpath(path, root) for path in session.get_component("data_loader").search_paths]
result["operations"] = {service: sorted(session.create_client(service, region_name="eu-central-1").meta.service_model
                                        .operation_names)
                        for service in session.get_available_services()}
import snapshot_restore_py  # noqa: E402 - the runtime's: Lambda runs what app registered, as for a snapshot

import app  # noqa: E402, F401 - the API's handler and every route's module (after the log lines above)

before, after = snapshot_restore_py.get_before_snapshot(), snapshot_restore_py.get_after_restore()
result["snapshot_hooks"] = [len(before), len(after)]
for hook, args, kwargs in reversed(before):  # Lambda's order: the reverse of registration
    result["warmed_modules"] = len(hook(*args, **kwargs))
for hook, args, kwargs in after:
    hook(*args, **kwargs)
result["warmed_libraries"] = sorted(name for name in ("email_validator", "babel.dates", "jinja2", "pynamodb.models")
                                    if name in sys.modules)

within = os.path.join(os.path.realpath(root), "")
result["modules_from_zip"] = sum(1 for module in list(sys.modules.values())
                                 if os.path.realpath(getattr(module, "__file__", None) or "/").startswith(within))
result["compiled_from_source"] = sorted(os.path.relpath(path, root) for path in compiled_from_source
                                        if os.path.realpath(path).startswith(within))
result["modules_outside_package"] = sorted(
    name for name, module in sys.modules.items()
    if getattr(module, "__file__", None) and "site-packages" in module.__file__)
print(json.dumps(result, ensure_ascii=False))  # the last line: the log and EMF lines come first

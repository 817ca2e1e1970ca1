"""10,000 attendees exported: CSV, XLSX and the PDF sign-in sheet, against the raw Query.

AWS is moto, in-process. One published event with two sessions, two questions and 10,000
confirmed registrations (Polish, English, Ukrainian and Arabic names, some starting with `=` or
`+`) is written directly; setting up is not measured. Then, in the same run and in turn, each
measured three times (the best of three is kept): the raw paginated Query that every export
reads (the store's `with_status`, 200 items a page, each item turned into a model and dropped),
and each export end to end as its route makes it (`exports.service.export`: read page by page,
write the file, decide between the response and S3, write the audit log item). A ratio is the
export's time over the raw Query's. Each writer is also timed alone, fed the models already read.

Peak memory is measured apart, in a fresh Python process per format that talks to a moto server
run by this process (so the child holds no emulated table): each child imports what the route
imports, makes one export of the 10,000 attendees and reports its own peak resident set size
(`VmHWM` of /proc/self/status). One more child only runs the raw Query, to show what Python,
boto3 and PynamoDB take before any file is written.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.children import peak_rss_mb, run_child
from bench.inprocess import bench_environment, emulated_table, prepare_environment

TITLE = "10,000 attendees exported: CSV, XLSX, PDF against the raw Query; peak memory"
ATTENDEES = 10_000
ROUNDS = 3
TABLE = "zapisy-bench"  # the same table name as the other benchmarks: chalicelib reads it once per process
START = datetime(2027, 5, 10, 7, 0, tzinfo=UTC)
NAMES = ("Anna Kowalska", "John Smith", "Олена Коваленко", "Łukasz Żółtowski", "محمد عبد الله",
         "=HYPERLINK(\"http://x\")", "+48 Jan Nowak")
LANGUAGES = ("pl", "en", "uk")

ENV = bench_environment(TABLE, EXPORTS_BUCKET=f"{TABLE}-exports", EXPORT_INLINE_MAX_BYTES="5000000")

FIGURES = {
    "attendees": "confirmed registrations of the one event (two sessions, two questions)",
    "query_seconds": "raw paginated Query of the attendees, best of three (the baseline)",
    "export_csv_seconds": "CSV export end to end, best of three",
    "export_xlsx_seconds": "XLSX export end to end, best of three",
    "export_pdf_seconds": "PDF sign-in sheet end to end, best of three",
    "export_csv_ratio": "CSV time over the raw Query (goal ≤ 1.3)",
    "export_xlsx_ratio": "XLSX time over the raw Query (goal ≤ 2)",
    "export_pdf_ratio": "PDF time over the raw Query (goal ≤ 3)",
    "export_rows": "rows each export wrote (the PDF has one sheet per session)",
    "write_only_seconds": ("each writer alone, fed the 10,000 models already read (no Query, no moto, "
                           "no audit item): our own code and the file library, best of three"),
    "export_bytes": "size of each file",
    "export_peak_rss_mb": "highest peak RSS of a fresh process making one export (goal ≤ 200 MB)",
    "export_peak_rss_mb_by_format": "peak RSS of the child process per format; `query` only reads",
}

HEADLINE = {
    "export_csv_ratio": "export_csv_ratio",
    "export_xlsx_ratio": "export_xlsx_ratio",
    "export_pdf_ratio": "export_pdf_ratio",
    "export_peak_rss_mb": "export_peak_rss_mb",
}

NOTES = (
    ("moto answers a Query of a big partition slowly, and more slowly with every page: it sorts the whole "
     "table and walks to the start key for each page, then serializes every item through a generic shape "
     "walker (100–130 s for these 10,000 items). That would make every ratio ≈ 1 and hide our own cost, so "
     "the benchmark installs `devstack.fast_query`: moto's own Query is handed only a window of the "
     "partition's items after the start key, and answers made of JSON types are dumped with `json.dumps`. "
     "A unit test pages through the same partitions with and without it and gets the same pages. "
     "`devstack.fast_transactions` is installed too (it only matters while setting up)."),
    ("Even so the baseline is mostly emulation and parsing: moto still copies and measures each item, "
     "botocore parses it and PynamoDB builds a model. `write_only_seconds` is our own share; against real "
     "DynamoDB the Query would also wait on the network, which lowers every ratio."),
    ("One name in seven is Arabic here; those rows go through fpdf2's `cell()` for right-to-left order, "
     "which costs about 0.3 ms a row more than the others."),
    ("Peak RSS is the child's own high-water mark, `VmHWM` in /proc/self/status, not `ru_maxrss`: on Linux "
     "a child's `ru_maxrss` (and so this process's RUSAGE_CHILDREN) keeps the parent's peak across fork and "
     "exec, here the emulated table (≈100 MB before the child runs a line). It includes the interpreter, "
     "boto3, PynamoDB and Babel, which the `query` child shows alone. The PDF's extra ≈45 MB is fpdf2: in a "
     "fresh interpreter importing it takes ≈45 MB (fontTools, Pillow, and `cryptography` where installed, "
     "for PDF signing) and loading the two fonts ≈11 MB more, partly shared with what the other children "
     "load too; the 10,000 rows add little."),
)


def _log(text: str) -> None:
    print(f"[exports] {text}", file=sys.stderr, flush=True)


def _prepare_environment() -> None:
    prepare_environment(ENV)


def _admin() -> Any:
    from chalicelib.auth import Organizer

    return Organizer("bench-admin", "admin@example.org", "admin", ("re-turn",))


def _create_event() -> Any:
    from chalicelib.events import service

    session = {"capacity": ATTENDEES}
    item = service.create_event(_admin(), {
        "title": {"pl": "Forum partnerów projektu", "en": "Project partners' forum", "uk": "Форум партнерів"},
        "kind": "conference", "timezone": "Europe/Warsaw", "capacity": ATTENDEES, "project": "re-turn",
        "starts_at": START.isoformat(), "ends_at": (START + timedelta(hours=8)).isoformat(),
        "venue": "Kielce, Targi Kielce, al. Zgody 1",
        "sessions": [{"id": "morning", "title": {"pl": "Sesja poranna", "en": "Morning"}, **session,
                      "starts_at": START.isoformat(), "ends_at": (START + timedelta(hours=3)).isoformat()},
                     {"id": "afternoon", "title": {"pl": "Sesja popołudniowa", "en": "Afternoon"}, **session}],
        "questions": [{"id": "diet", "type": "choice", "label": {"pl": "Dieta", "en": "Diet"},
                       "options": [{"id": "any", "label": {"pl": "dowolna", "en": "any"}},
                                   {"id": "vegan", "label": {"pl": "wegańska", "en": "vegan"}}]},
                      {"id": "phone", "type": "phone", "label": {"pl": "Telefon", "en": "Phone"}}],
    })
    return service.publish_event(_admin(), item.event_id)


def _write_attendees(event: Any) -> None:
    from chalicelib.records import new_id
    from chalicelib.store import keys
    from chalicelib.store.models import RegistrationItem, SeatCounters
    from chalicelib.store.seats import counters_ref

    with RegistrationItem.batch_write() as batch:
        for n in range(ATTENDEES):
            rid = new_id(10)
            created = START - timedelta(days=20) + timedelta(seconds=37 * n)
            batch.save(RegistrationItem(
                keys.event_pk(event.event_id), keys.registration_sk(rid), registration_id=rid,
                event_id=event.event_id, status="confirmed", name=f"{NAMES[n % len(NAMES)]} {n}",
                email=f"participant{n:05d}@example.com", language=LANGUAGES[n % 3],
                answers={"diet": "vegan" if n % 4 == 0 else "any", "phone": f"+48 600 {n:06d}"},
                sessions=["morning" if n % 2 else "afternoon"], consent_version="2026-11", consent_at=created,
                created_at=created, updated_at=created))
    counters_ref(event.event_id).update(actions=[SeatCounters.taken.set(ATTENDEES)])


def _models(event_id: str) -> Any:
    from chalicelib.exports.filters import ACTIVE_STATUSES
    from chalicelib.store import registrations

    return registrations.with_status(event_id, ACTIVE_STATUSES)


def _raw_query(event_id: str) -> int:
    return sum(1 for _ in _models(event_id))


def _export(event: Any, name: str) -> Any:
    from chalicelib.config import settings
    from chalicelib.exports import service
    from chalicelib.exports.filters import ExportFilters

    file_format = service.FORMATS[name]
    filters = ExportFilters(file_format.default_statuses, None, settings().default_language)
    return service.export(_admin(), event, file_format, filters)


def _write_only(event: Any, name: str, registrations: list[Any]) -> int:
    """The writer alone, fed models already read: our code without the Query and without moto."""
    from chalicelib.exports.columns import AttendeeColumns
    from chalicelib.exports.csv_file import write_csv
    from chalicelib.exports.pdf_sheet import write_signin_sheet
    from chalicelib.exports.storage import spooled_file
    from chalicelib.exports.xlsx_file import write_xlsx

    with spooled_file() as out:
        if name == "csv":
            return write_csv(AttendeeColumns(event, "pl"), registrations, out)
        if name == "xlsx":
            return write_xlsx(AttendeeColumns(event, "pl"), registrations, out, title="t", sheet="s")
        return write_signin_sheet(event, registrations, out, language="pl", funder="f", only_session=None)


def _timed(measure: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = measure()
    return time.perf_counter() - started, result


def _child(name: str, event_id: str) -> None:
    """Run in a fresh process: one export (or only the Query), then report the peak RSS."""
    from chalicelib.events import service as events

    event = events.organizer_event(_admin(), event_id)
    started = time.perf_counter()
    if name == "query":
        rows, size = _raw_query(event_id), 0
    else:
        result = _export(event, name)
        rows, size = result.rows, result.delivery.size
        if result.delivery.url:
            raise AssertionError(f"{name}: expected an inline export, got a redirect")
    seconds = time.perf_counter() - started
    print(json.dumps({"format": name, "rows": rows, "size": size, "seconds": round(seconds, 3),
                      "peak_rss_mb": round(peak_rss_mb(), 1)}))


def run() -> dict[str, Any]:
    _prepare_environment()
    import boto3

    from devstack.moto_server import MotoServer

    with emulated_table(TABLE):
        boto3.client("s3").create_bucket(Bucket=ENV["EXPORTS_BUCKET"],
                                         CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
        started = time.perf_counter()
        event = _create_event()
        _write_attendees(event)
        _log(f"set up one event and {ATTENDEES} registrations in {time.perf_counter() - started:.1f} s")

        seconds: dict[str, list[float]] = {"query": [], "csv": [], "xlsx": [], "pdf": []}
        own: dict[str, list[float]] = {"csv": [], "xlsx": [], "pdf": []}
        rows: dict[str, int] = {}
        sizes: dict[str, int] = {}
        for round_number in range(1, ROUNDS + 1):  # interleaved, so drift affects every figure alike
            elapsed, count = _timed(lambda: _raw_query(event.event_id))
            if count != ATTENDEES:
                raise AssertionError(f"the Query returned {count} of {ATTENDEES} registrations")
            seconds["query"].append(elapsed)
            for name in ("csv", "xlsx", "pdf"):
                elapsed, result = _timed(lambda name=name: _export(event, name))
                if result.rows != ATTENDEES or result.delivery.url:
                    raise AssertionError(f"{name}: {result.rows} rows, url {result.delivery.url}")
                seconds[name].append(elapsed)
                rows[name], sizes[name] = result.rows, result.delivery.size
            _log(f"round {round_number}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in seconds.items()))
        read = list(_models(event.event_id))
        for _ in range(ROUNDS):
            for name, times in own.items():
                times.append(_timed(lambda name=name: _write_only(event, name, read))[0])
        _log("writers alone: " + ", ".join(f"{k} {min(v):.2f} s" for k, v in own.items()))

        server = MotoServer().start()  # the same in-memory AWS, now over HTTP for the children
        try:
            peaks = {name: run_child("bench.exports", [name, event.event_id], ENV, server.url)
                     for name in ("query", "csv", "xlsx", "pdf")}
        finally:
            server.stop()
        _log(f"children: {peaks}")

    best = {name: min(values) for name, values in seconds.items()}
    return {
        "attendees": ATTENDEES,
        "query_seconds": round(best["query"], 3),
        "export_csv_seconds": round(best["csv"], 3),
        "export_xlsx_seconds": round(best["xlsx"], 3),
        "export_pdf_seconds": round(best["pdf"], 3),
        "export_csv_ratio": round(best["csv"] / best["query"], 2),
        "export_xlsx_ratio": round(best["xlsx"] / best["query"], 2),
        "export_pdf_ratio": round(best["pdf"] / best["query"], 2),
        "export_rows": rows,
        "write_only_seconds": {name: round(min(values), 3) for name, values in own.items()},
        "export_bytes": sizes,
        "export_peak_rss_mb": max(peaks[name]["peak_rss_mb"] for name in ("csv", "xlsx", "pdf")),
        "export_peak_rss_mb_by_format": {name: peak["peak_rss_mb"] for name, peak in peaks.items()},
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3])
    else:
        print(json.dumps(run(), indent=2))

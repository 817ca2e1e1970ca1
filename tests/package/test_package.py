"""`make package`: the template passes cfn-lint, the zip is small, and the zip alone does the work."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from chalicelib.handlers.snapstart import SNAPSHOT_INIT
from infra.botocore_data import OPERATIONS
from infra.bytecode import check_runtime, interpreter_runtime
from infra.runtime import CACHE_TAG, RUNTIME, interpreter
from infra.template import ALIAS_ID, LIVE_ALIAS, stage_environment
from tests.conftest import ROOT

LIMIT = 10 * 1024 * 1024
pytestmark = pytest.mark.usefixtures("compiled_catalogs")


@pytest.fixture(scope="module", params=["prod", "dev"])
def packaged(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"dist-{request.param}")
    done = subprocess.run([sys.executable, "-m", "infra.package", "--stage", request.param, "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "deployment.zip" in done.stdout and "bytes" in done.stdout
    return request.param, out


def test_the_template_passes_cfn_lint(packaged):
    _, out = packaged
    lint = subprocess.run([str(Path(sys.executable).parent / "cfn-lint"), str(out / "sam.json")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert lint.returncode & 2 == 0, lint.stdout  # bit 2: errors (warnings and notes are reported, not fatal)


def _translated(out: Path) -> dict:
    """The template as CloudFormation receives it: SAM's own translator run on it, as `sam deploy` does,
    after the code is uploaded (CodeUri an S3 address)."""
    from samtranslator.translator.transform import transform

    template = json.loads((out / "sam.json").read_text())
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://zapisy-artifacts/deployment.zip"

    class NoManagedPolicies:  # the functions' roles are our own: no SAM policy template to look up
        def load(self) -> dict:
            return {}

    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-central-1")
    return transform(template, {}, NoManagedPolicies())


def test_the_api_function_runs_from_a_snapstart_snapshot_of_its_live_alias(packaged, tmp_path):
    """Every function on the runtime the zip is built for; the API function's versions SnapStart-ed, and
    API Gateway calling the alias SAM publishes (never $LATEST, which no snapshot serves). SAM's
    translation is checked by cfn-lint as plain CloudFormation, where every reference must resolve."""
    _, out = packaged
    resources = json.loads((out / "sam.json").read_text())["Resources"]
    functions = {k: v["Properties"] for k, v in resources.items() if v["Type"] == "AWS::Serverless::Function"}
    assert {f["Runtime"] for f in functions.values()} == {RUNTIME}
    assert functions["APIHandler"]["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert [name for name, f in functions.items() if "SnapStart" in f or "AutoPublishAlias" in f] == ["APIHandler"]
    translated = _translated(out)
    cloudformation = translated["Resources"]
    alias = cloudformation[ALIAS_ID]
    assert alias["Type"] == "AWS::Lambda::Alias" and alias["Properties"]["Name"] == LIVE_ALIAS
    version = cloudformation[alias["Properties"]["FunctionVersion"]["Fn::GetAtt"][0]]
    assert version["Type"] == "AWS::Lambda::Version" and version["Properties"]["FunctionName"] == {"Ref": "APIHandler"}
    uris = [json.dumps(operation["x-amazon-apigateway-integration"]["uri"])
            for methods in cloudformation["RestAPI"]["Properties"]["Body"]["paths"].values()
            for operation in methods.values()
            if isinstance(operation, dict) and "uri" in operation.get("x-amazon-apigateway-integration", {})]
    assert len(uris) > 50 and all(f"${{{ALIAS_ID}}}/invocations" in uri for uri in uris)
    assert cloudformation["APIHandlerInvokePermission"]["Properties"]["FunctionName"] == {"Ref": ALIAS_ID}
    (tmp_path / "cloudformation.json").write_text(json.dumps(translated))
    lint = subprocess.run([str(Path(sys.executable).parent / "cfn-lint"), str(tmp_path / "cloudformation.json")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert lint.returncode & 2 == 0, lint.stdout


def test_the_template_holds_what_the_service_needs(packaged):
    stage, out = packaged
    resources = json.loads((out / "sam.json").read_text())["Resources"]
    types = {r["Type"] for r in resources.values()}
    assert {"AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::SES::ConfigurationSet", "AWS::SNS::Topic",
            "AWS::S3::Bucket", "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolDomain",
            "AWS::Cognito::UserPoolClient", "AWS::SecretsManager::Secret", "AWS::CloudWatch::Alarm"} <= types
    table = resources["Table"]["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST" and table["DeletionProtectionEnabled"] is True
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["TimeToLiveSpecification"]["AttributeName"] == "expires_at"
    assert resources["RestAPI"]["Properties"]["MinimumCompressionSize"] == 1024  # gzip a page over 1 KB if asked
    functions = {k: v for k, v in resources.items() if v["Type"] == "AWS::Serverless::Function"}
    assert len(functions) >= 9  # the API, its authorizer, five schedules, the sender, the SES feedback
    for name, function in functions.items():  # each its own role, none managed by Chalice
        assert function["Properties"]["Role"] == {"Fn::GetAtt": [f"{name}Role", "Arn"]}, name
        assert function["Properties"]["Environment"]["Variables"]["STAGE"] == stage
    sender = functions["SendQueued"]["Properties"]["Events"]["SendQueuedSqsEventSource"]["Properties"]
    assert sender["BatchSize"] == 1 and sender["ScalingConfig"]["MaximumConcurrency"] == 2
    assert sender["Queue"]["Fn::Sub"].endswith(resources["OutboxQueue"]["Properties"]["QueueName"])
    schedules = [e for f in functions.values() for e in f["Properties"].get("Events", {}).values()
                 if e["Type"] == "Schedule"]
    assert len(schedules) == 5


def test_the_api_answers_its_own_refusals_and_unknown_paths_in_zapisys_words(packaged):
    """API Gateway's refusals are gateway responses in the API's definition (a change redeploys the
    stage), each with the error shape and a page; the catch-alls reach the function."""
    _, out = packaged
    resources = json.loads((out / "sam.json").read_text())["Resources"]
    definition = resources["RestAPI"]["Properties"]["DefinitionBody"]
    responses = definition["x-amazon-apigateway-gateway-responses"]
    assert {"UNAUTHORIZED", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN", "THROTTLED", "DEFAULT_4XX",
            "DEFAULT_5XX"} <= set(responses)
    for kind, response in responses.items():
        templates = response["responseTemplates"]
        assert json.loads(templates["application/json"])["error"]["fields"] == {}, kind
        assert '<html lang="pl">' in templates["text/html"] and "$" not in "".join(templates.values()), kind
        assert response["responseParameters"]["gatewayresponse.header.Cache-Control"] == "'no-store'", kind
    assert (responses["UNAUTHORIZED"]["statusCode"], responses["MISSING_AUTHENTICATION_TOKEN"]["statusCode"]) == (
        "401", "404")
    for path in ("/{proxy+}", "/api/{proxy+}", "/organizer/{proxy+}"):
        for method in ("get", "post", "delete"):
            operation = definition["paths"][path][method]
            assert operation["parameters"] == [{"name": "proxy", "in": "path", "required": True, "type": "string"}]
            assert operation["x-amazon-apigateway-integration"]["type"] == "aws_proxy" and "security" not in operation
    assert "get" in definition["paths"]["/robots.txt"]
    dashboard = definition["paths"]["/organizer/events/{event_id}"]["get"]
    assert "security" not in dashboard  # its session is checked by the function, which can send it to the login
    assert "OrganizerSessionAuth" not in resources and "OrganizerAuth" in resources


def test_the_zip_is_small_and_carries_only_what_runs(packaged):
    _, out = packaged
    archive = out / "deployment.zip"
    assert archive.stat().st_size <= LIMIT
    names = zipfile.ZipFile(archive).namelist()
    assert not [n for n in names if n.startswith(("PIL/", "boto3/", "botocore/", "dns/"))]
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("babel/locale-data/") and n.endswith(".dat")) == [
        "en.dat", "en_001.dat", "en_GB.dat", "pl.dat", "pl_PL.dat", "root.dat", "uk.dat", "uk_UA.dat"]
    assert "pynamodb/models.pyc" in names and "chalicelib/fonts/DejaVuSans.ttf" in names
    assert [n for n in names if n.startswith("pyuca/allkeys-")] == []  # its table goes in prebuilt
    assert "chalicelib/vocabulary/ducet-9.0.0.pickle" in names
    assert not [n for n in names if n.endswith(".c")]  # sources of extensions: never read at run time
    assert {"botocore_data/endpoints.json", "botocore_data/dynamodb/2012-08-10/service-2.json"} <= set(names)


# Run by the runtime's CPython on the zip: each module's bytecode header as that Python reads it.
HEADERS = """
import importlib.util, json, sys, zipfile
opened = zipfile.ZipFile(sys.argv[1])
names = set(opened.namelist())
sources = sorted(n for n in names if n.endswith(".py"))
wrong = []
for source in sources:
    header = opened.read(importlib.util.cache_from_source(source))[:16]
    if (header[:4] != importlib.util.MAGIC_NUMBER or int.from_bytes(header[4:8], "little") != 0b01
            or header[8:] != importlib.util.source_hash(opened.read(source))):
        wrong.append(source)
vendored = sorted(n for n in names if n.endswith(".pyc") and "__pycache__/" not in n)
wrong += [n for n in vendored if opened.read(n)[:4] != importlib.util.MAGIC_NUMBER]
print(json.dumps({"sources": sources, "vendored": vendored, "wrong": wrong, "tag": sys.implementation.cache_tag}))
"""


def test_every_module_of_the_zip_is_bytecode_the_runtime_takes_as_it_is(packaged):
    """Our modules: source and an unchecked-hash .pyc of that very source in __pycache__ (the zip's
    1980 dates would fail a timestamp check). Vendored ones: bytecode alone. All for the runtime's Python,
    as its own interpreter reads them."""
    _, out = packaged
    done = subprocess.run([str(interpreter()), "-I", "-c", HEADERS, str(out / "deployment.zip")],
                          capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(done.stdout)
    assert found["tag"] == CACHE_TAG
    assert found["sources"] and all(n == "app.py" or n.startswith("chalicelib/") for n in found["sources"])
    assert "jinja2/environment.pyc" in found["vendored"] and "chalice/app.pyc" in found["vendored"]
    assert found["wrong"] == []
    names = zipfile.ZipFile(out / "deployment.zip").namelist()
    assert not [n for n in names if "__pycache__/" in n and not n.startswith(("chalicelib/", "__pycache__/app."))]
    assert not [n for n in names if "__pycache__/" in n and f".{found['tag']}." not in n]


def test_bytecode_is_built_only_by_the_python_of_the_functions_runtime():
    """Bytecode of another minor version is ignored by the runtime (which would compile every module
    again at each cold start): the build refuses to make it."""
    with pytest.raises(RuntimeError, match=rf"run on python3\.12, but this is {re.escape(RUNTIME)}"):
        check_runtime("python3.12")
    check_runtime(RUNTIME)
    assert interpreter_runtime() == RUNTIME


@pytest.fixture(scope="module")
def probed(packaged, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[str], list[str]]:
    """probe.py's result, its log lines, and the files that appeared in the read-only copy."""
    lines, appeared = _probe("probe.py", packaged, tmp_path_factory.mktemp(f"unpacked-{packaged[0]}"))
    *logged, last = lines
    return json.loads(last), logged, appeared


def _probe(script: str, packaged: tuple[str, Path], work: Path) -> tuple[list[str], list[str]]:
    """The lines `script` prints, run in a READ-ONLY copy of the unpacked zip, as /var/task is, with
    only what the Lambda runtime provides beside it (boto3 and its dependencies) and bytecode writing
    left on; and the files that appeared in the copy meanwhile."""
    stage, out = packaged
    task = work / "zip"
    zipfile.ZipFile(out / "deployment.zip").extractall(task)
    runtime = work / "runtime"
    runtime.mkdir()
    for name in ("boto3", "botocore", "dateutil", "jmespath", "s3transfer", "urllib3", "six", "snapshot_restore_py"):
        spec = importlib.util.find_spec(name)
        source = Path(spec.origin)
        source = source.parent if source.name == "__init__.py" else source
        (runtime / source.name).symlink_to(source)
    before = _files(task)
    _writable(task, False)
    try:
        env = {"PATH": os.environ["PATH"], **stage_environment(stage), "TABLE_NAME": "probe",
               "AWS_LAMBDA_INITIALIZATION_TYPE": SNAPSHOT_INIT, "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
               "AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "eu-central-1"}  # as Lambda sets them
        done = subprocess.run([str(interpreter()), "-S", "-I", str(ROOT / "tests" / "package" / script),
                               str(task), str(runtime)], capture_output=True, text=True, timeout=120,
                              env=env, check=False)
    finally:
        _writable(task, True)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines(), sorted(_files(task) - before)


def _files(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def _writable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | 0o200 if writable else mode & ~0o222)


def test_the_zip_s_modules_load_from_its_bytecode_with_nothing_compiled_or_written(probed):
    """The app, its handlers and what the probe renders import from the zip's bytecode: no module of the
    zip is compiled from source (the loader's source_to_code is never called for one) and nothing is
    written beside them, so a cold start pays for no compiling."""
    result, _, appeared = probed
    assert result["modules_from_zip"] > 300  # app, chalicelib, Chalice, PynamoDB, Jinja2, Babel, fpdf2 …
    assert result["compiled_from_source"] == []
    assert appeared == []


def test_the_zip_s_snapstart_hooks_load_every_module_before_the_snapshot_with_nothing_compiled(packaged, probed):
    """Initialised for a snapshot, the app registers one hook each side; the one before the snapshot imports
    every module of the app and the libraries the first requests would load, all from the zip's bytecode,
    and calls no AWS (the probe's endpoint is a closed port)."""
    result, _, _ = probed
    assert result["snapshot_hooks"] == [1, 1]
    names = zipfile.ZipFile(packaged[1] / "deployment.zip").namelist()
    app_modules = [n for n in names if n.startswith("chalicelib/") and n.endswith(".py")
                   and not n.startswith("chalicelib/devtools/") and "_compiled/" not in n]
    assert result["warmed_modules"] == len(app_modules) - 1 > 200  # all but chalicelib/__init__.py itself
    assert result["warmed_libraries"] == ["babel.dates", "email_validator", "jinja2", "pynamodb.models"]
    assert result["compiled_from_source"] == []


def test_the_zip_alone_renders_mail_dates_calendar_workbook_sheet_and_certificate(probed):
    result, logged, _ = probed
    assert json.loads(logged[0])["request_id"] == "probe-request" and '"EmailsSent":[1.0]' in logged[1]
    assert len({e["subject"] for e in result["emails"].values()}) == 3  # translated, not the msgid thrice
    assert any("\u0400" <= ch <= "\u04ff" for ch in result["emails"]["uk"]["subject"])
    assert "listopada" in result["dates"]["pl"] and "листопада" in result["dates"]["uk"]
    assert "November" in result["dates"]["en"]
    assert result["ics"].startswith("BEGIN:VCALENDAR") and "TZID=Europe/Warsaw" in result["ics"]
    assert result["xlsx_rows"] == 3 and result["xlsx_head"] == "PK"
    assert result["pdf_rows"] == 3 and result["pdf_head"] == "%PDF-"
    assert result["certificate_head"] == "%PDF-"  # shaped by uharfbuzz, its PNG logo read without Pillow
    assert result["pillow"] is False
    assert result["sorted"] == {"pl": ["Litwa", "Łotwa", "Zjednoczone Emiraty Arabskie"],
                                "uk": ["Австралія", "Єгипет", "Ізраїль"]}
    assert result["collation_files"] == ["chalicelib/vocabulary/ducet-9.0.0.pickle"]  # no text table parsed
    assert result["modules_outside_package"] == []  # nothing came from an installed environment
    assert result["botocore_data"] == ["botocore_data"]  # botocore reads the zip's cut data, nothing else
    assert result["operations"] == {service: sorted(operations) for service, operations in OPERATIONS.items()}


def test_the_zip_carries_its_templates_compiled_and_renders_pages_from_them(packaged, tmp_path):
    """Every template is a module in its folder's compiled twin and no source ships: an event's page,
    its macros and their texts in each language, comes from the modules."""
    from jinja2 import ModuleLoader

    from chalicelib import templating
    from chalicelib.i18n import gettext
    from chalicelib.templating import MANIFEST
    from infra.templates import folders

    _, out = packaged
    names = zipfile.ZipFile(out / "deployment.zip").namelist()
    for folder in folders():
        twin, sources = (path.relative_to(ROOT).as_posix() + "/" for path in (folder.compiled, folder.path))
        listed = templating.environment(folder).list_templates()
        expected = {twin + ModuleLoader.get_module_filename(name) for name in listed} | {twin + MANIFEST}
        assert {n for n in names if n.startswith(twin) and "/__pycache__/" not in n} == expected
        assert [n for n in names if n.startswith(sources)] == []
        manifest = zipfile.ZipFile(out / "deployment.zip").read(twin + MANIFEST).decode()
        assert manifest.split() == listed  # what the SnapStart hook loads before the snapshot
    lines, appeared = _probe("page_probe.py", packaged, tmp_path)
    pages = json.loads(lines[-1])
    assert appeared == []
    assert pages.pop("loader") == "ModuleLoader"
    for language, title in (("pl", "Warsztat"), ("en", "Workshop"), ("uk", "Семінар")):
        page = pages[language]
        assert page["status"] == 200 and f'<html lang="{language}"' in page["body"] and title in page["body"]
        assert f'({gettext(language, "required")})' in page["body"]  # a macro's text, imported without context

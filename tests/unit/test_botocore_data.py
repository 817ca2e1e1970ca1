"""The zip's cut botocore data builds every client the functions use as botocore's whole data does."""
from __future__ import annotations

import json
import re
from pathlib import Path

import botocore.loaders
import botocore.session
import pytest

from infra import botocore_data, policies
from tests.conftest import ROOT

REGIONS = ("eu-central-1", "eu-west-1", "us-east-1", "cn-north-1", "us-gov-west-1")
# IAM actions that are not operations of their own: a transaction's condition check is part of TransactWriteItems.
NOT_OPERATIONS = {"dynamodb:ConditionCheckItem"}


@pytest.fixture(scope="module")
def cut_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return botocore_data.write_into(tmp_path_factory.mktemp("package"))


def _session(data: Path | None) -> botocore.session.Session:
    session = botocore.session.get_session()
    if data is not None:  # as chalicelib/aws.py does in the package
        session.register_component("data_loader", botocore.loaders.Loader(
            extra_search_paths=[str(data)], include_default_search_paths=False))
    return session


def _client(service: str, region: str, data: Path | None) -> object:
    return _session(data).create_client(service, region_name=region, aws_access_key_id="k",
                                        aws_secret_access_key="s")


def _resolved(client: object) -> tuple:
    signer = client._request_signer  # what the client signs with
    return (client.meta.endpoint_url, client.meta.region_name, client.meta.partition, signer._signing_name,
            signer._region_name, signer._signature_version)


def _closure(model: object, operation: str) -> dict:
    """Every shape an operation reaches, as botocore's model holds it (documentation strings aside)."""
    found, pending = {}, []
    operation_model = model.operation_model(operation)
    pending += [shape for shape in (operation_model.input_shape, operation_model.output_shape) if shape]
    pending += operation_model.error_shapes
    while pending:
        shape = pending.pop()
        if shape.name in found:
            continue
        found[shape.name] = json.loads(json.dumps(botocore_data._undocumented(shape._shape_model)))
        pending += list(getattr(shape, "members", {}).values())
        pending += [getattr(shape, part) for part in ("member", "key", "value") if hasattr(shape, part)]
    return found


@pytest.mark.parametrize("service", sorted(botocore_data.OPERATIONS))
def test_clients_built_from_the_cut_data_resolve_and_serialise_as_from_the_whole(cut_folder, service):
    for region in REGIONS:
        assert _resolved(_client(service, region, cut_folder)) == _resolved(_client(service, region, None)), region
    cut = _client(service, "eu-central-1", cut_folder).meta.service_model
    whole = _client(service, "eu-central-1", None).meta.service_model
    assert sorted(cut.operation_names) == sorted(botocore_data.OPERATIONS[service])
    assert cut.metadata == whole.metadata
    for operation in botocore_data.OPERATIONS[service]:
        assert _closure(cut, operation) == _closure(whole, operation), operation


def test_the_cut_data_serves_every_client_the_code_builds_and_every_granted_action(cut_folder):
    source = (ROOT / "chalicelib" / "aws.py").read_text()
    built = set(re.findall(r'_client\("([a-z0-9-]+)"', source)) | {"dynamodb"}  # PynamoDB's, from the same session
    assert built == set(botocore_data.OPERATIONS)
    granted = {action for grants in policies.GRANTS.values() for actions, _ in grants for action in actions}
    prefixes = {_client(name, "eu-central-1", None).meta.service_model.signing_name: name for name in built}
    operations = {f"{prefix}:{operation}" for prefix, name in prefixes.items()
                  for operation in botocore_data.OPERATIONS[name]}
    assert granted - NOT_OPERATIONS <= operations
    assert sorted(p.name for p in cut_folder.iterdir()) == sorted(
        [*built, "_retry.json", "endpoints.json", "partitions.json", "sdk-default-configuration.json"])
    table = json.loads((cut_folder / "endpoints.json").read_text())
    assert [p["partition"] for p in table["partitions"]] == [
        p["partition"] for p in botocore.loaders.create_loader().load_data("endpoints")["partitions"]]
    assert sum(path.stat().st_size for path in cut_folder.rglob("*.json")) < 600_000


def test_a_session_in_the_package_reads_the_cut_data_alone(tmp_path, monkeypatch):
    from chalicelib import aws

    folder = botocore_data.write_into(tmp_path)
    monkeypatch.setattr(aws, "_PACKAGED_DATA", str(folder))
    aws.reset_clients()
    try:
        loader = aws.botocore_session().get_component("data_loader")
        assert loader.search_paths == [str(folder)]
        assert loader.list_available_services("service-2") == sorted(botocore_data.OPERATIONS)
    finally:
        aws.reset_clients()

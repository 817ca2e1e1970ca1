"""The zip's cut endpoint table resolves every client the functions build as botocore's whole table does."""
from __future__ import annotations

import json
import re
from pathlib import Path

import botocore.session
import pytest

from infra import botocore_data
from tests.conftest import ROOT

# botocore's names of the clients chalicelib/aws.py and PynamoDB build (the endpoint table calls SES "email").
CLIENTS = ("dynamodb", "ses", "sqs", "ssm", "secretsmanager", "s3", "cognito-idp")
REGIONS = ("eu-central-1", "eu-west-1", "us-east-1", "cn-north-1", "us-gov-west-1")


@pytest.fixture(scope="module")
def cut_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return botocore_data.write_into(tmp_path_factory.mktemp("package"))


def _client(service: str, region: str, data_path: Path | None) -> object:
    session = botocore.session.get_session()
    if data_path is not None:
        session.set_config_variable("data_path", str(data_path))
    return session.create_client(service, region_name=region, aws_access_key_id="k", aws_secret_access_key="s")


def _resolved(client: object) -> tuple:
    signer = client._request_signer  # what the client signs with
    return (client.meta.endpoint_url, client.meta.region_name, client.meta.partition, signer._signing_name,
            signer._region_name, signer._signature_version)


@pytest.mark.parametrize("service", CLIENTS)
def test_clients_built_with_the_cut_table_resolve_as_with_the_whole_one(cut_folder, service):
    for region in REGIONS:
        assert _resolved(_client(service, region, cut_folder)) == _resolved(_client(service, region, None)), region


def test_the_cut_table_holds_every_service_the_code_builds_a_client_of_and_is_small(cut_folder):
    source = (ROOT / "chalicelib" / "aws.py").read_text()
    built = set(re.findall(r'_client\("([a-z0-9-]+)"', source)) | {"dynamodb"}  # PynamoDB's, from the same session
    assert built == set(CLIENTS)
    prefixes = {botocore.session.get_session().get_service_model(name).endpoint_prefix for name in built}
    assert prefixes == set(botocore_data.SERVICES)
    table = json.loads((cut_folder / "endpoints.json").read_text())
    assert {name for partition in table["partitions"] for name in partition["services"]} == prefixes
    assert [p["partition"] for p in table["partitions"]] == [
        p["partition"] for p in botocore_data.full_endpoints()["partitions"]]
    assert (cut_folder / "endpoints.json").stat().st_size < 100_000  # botocore's whole table: ~1.2 MB compressed


def test_a_session_in_the_package_reads_the_cut_table(tmp_path, monkeypatch):
    from chalicelib import aws

    folder = botocore_data.write_into(tmp_path)
    monkeypatch.setattr(aws, "_PACKAGED_DATA", str(folder))
    aws.reset_clients()
    try:
        session = aws.botocore_session()
        assert session.get_config_variable("data_path") == str(folder)
        loader = session.get_component("data_loader")
        assert loader.load_data_with_path("endpoints")[1] == str(folder / "endpoints")
    finally:
        aws.reset_clients()

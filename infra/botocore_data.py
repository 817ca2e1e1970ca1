"""botocore's endpoint table, cut to the services the functions call, shipped in the zip.

Every client a cold container builds first has botocore read `endpoints.json`: every region of
every AWS service, 1.2 MB compressed, about a fifth of the first client's time here (parsed,
not used: the endpoint rule sets decide the URLs). The zip carries a copy holding only the
services `chalicelib/aws.py` makes clients for, in every partition, and the session is pointed
at it with botocore's own `data_path` setting, which botocore searches before its own data
(chalicelib/aws.py). Service models and rule sets still come from the runtime's botocore.

The copy is cut from the botocore this build runs, whose version requirements-dev.txt pins with
boto3's; `tests/unit/test_botocore_data.py` checks that clients built with it resolve the same
endpoints, partitions and signing as with botocore's whole table.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.aws import BOTOCORE_DATA as FOLDER  # at the zip's root, where chalicelib/aws.py looks

# The endpoint table's names for the services chalicelib/aws.py builds clients of (SES is "email").
SERVICES = ("dynamodb", "email", "sqs", "ssm", "secretsmanager", "s3", "cognito-idp")


def trimmed_endpoints(table: dict[str, Any], services: tuple[str, ...] = SERVICES) -> dict[str, Any]:
    """`table` (endpoints.json) with each partition's services cut to `services`."""
    partitions = [{**partition, "services": {name: entry for name, entry in partition["services"].items()
                                             if name in services}}
                  for partition in table["partitions"]]
    return {**table, "partitions": partitions}


def full_endpoints() -> dict[str, Any]:
    """botocore's own endpoint table, as its loader reads it."""
    from botocore.loaders import create_loader

    return create_loader().load_data("endpoints")


def write_into(root: Path) -> Path:
    """Write the cut table under `root` (the package's root); the folder written."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "endpoints.json").write_text(json.dumps(trimmed_endpoints(full_endpoints()), separators=(",", ":")))
    return folder

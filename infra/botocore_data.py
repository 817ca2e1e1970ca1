"""botocore's data, cut to what the functions call, shipped in the zip and read instead of the runtime's.

A cold container's first client costs botocore more than building it: it lists every service
folder of its data (some 400) to check that the service exists, once per kind of file, and
parses `endpoints.json` (every region of every service, 1.2 MB compressed) and the whole model
of each service it builds a client of. The zip carries, in `botocore_data/`:

- `endpoints.json` with only the services below, in every partition;
- for each of those services, its newest API version: the model cut to the operations the
  functions call (`OPERATIONS`) and the shapes they reach, without documentation, and the
  endpoint rule set as it is;
- botocore's small top-level files (retry rules, partitions, SDK defaults) as they are.

`chalicelib/aws.py` gives the session a loader that searches that folder alone, so nothing else
is listed or parsed. The data is cut from the botocore this build runs (requirements-dev.txt pins
it with boto3); its formats are the ones the runtime's botocore reads.

Guards: `tests/unit/test_botocore_data.py` compares clients and operation shapes built from the
cut data with botocore's whole data; the suite's end-of-run check fails on any AWS call whose
operation is not in `OPERATIONS` (tests/aws_calls.py), as it does on one without an IAM grant.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.aws import BOTOCORE_DATA as FOLDER  # at the zip's root, where chalicelib/aws.py looks

# botocore's service names (its data folders) → the operations the functions call.
OPERATIONS: dict[str, tuple[str, ...]] = {
    "dynamodb": ("BatchGetItem", "BatchWriteItem", "DeleteItem", "GetItem", "PutItem", "Query",
                 "TransactGetItems", "TransactWriteItems", "UpdateItem"),
    "sqs": ("ChangeMessageVisibility", "DeleteMessage", "DeleteMessageBatch", "GetQueueAttributes",
            "ReceiveMessage", "SendMessage", "SendMessageBatch"),
    "ses": ("SendRawEmail",),
    "secretsmanager": ("GetSecretValue",),
    "ssm": ("GetParameter",),  # a stage may name a plain SSM parameter for the token secret (auth.py)
    "s3": ("AbortMultipartUpload", "CompleteMultipartUpload", "CreateMultipartUpload", "GetObject", "PutObject",
           "UploadPart"),  # boto3's upload_fileobj goes multipart past 8 MB
    "cognito-idp": ("AdminAddUserToGroup", "AdminCreateUser", "AdminDisableUser", "AdminEnableUser", "AdminGetUser",
                    "AdminListGroupsForUser", "AdminRemoveUserFromGroup", "CreateGroup", "GetGroup", "ListGroups",
                    "ListUsers"),
}
TOP_LEVEL = ("_retry", "partitions", "sdk-default-configuration")  # read by every client, kept whole


def _undocumented(value: Any) -> Any:
    """`value` without botocore's documentation strings (docstrings of generated methods, never read here)."""
    if isinstance(value, dict):
        return {key: _undocumented(item) for key, item in value.items()
                if key not in ("documentation", "documentationUrl")}
    if isinstance(value, list):
        return [_undocumented(item) for item in value]
    return value


def reachable_shapes(model: dict[str, Any], operations: tuple[str, ...]) -> set[str]:
    """The shapes `operations` use: their input, output and errors, and every shape those hold."""
    pending = [reference["shape"] for name in operations for operation in [model["operations"][name]]
               for reference in [operation.get("input"), operation.get("output"), *operation.get("errors", [])]
               if reference]
    found: set[str] = set()
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        shape = model["shapes"][name]
        pending += [member["shape"] for member in shape.get("members", {}).values()]
        pending += [shape[part]["shape"] for part in ("member", "key", "value") if part in shape]
    return found


def trimmed_model(model: dict[str, Any], operations: tuple[str, ...]) -> dict[str, Any]:
    """A service model (service-2) with only `operations` and the shapes they reach, undocumented."""
    kept = reachable_shapes(model, operations)
    return {**{key: value for key, value in model.items() if key not in ("operations", "shapes", "documentation")},
            "operations": {name: _undocumented(model["operations"][name]) for name in operations},
            "shapes": {name: _undocumented(model["shapes"][name]) for name in sorted(kept)}}


def trimmed_endpoints(table: dict[str, Any], services: set[str]) -> dict[str, Any]:
    """`table` (endpoints.json) with each partition's services cut to `services` (endpoint prefixes)."""
    partitions = [{**partition, "services": {name: entry for name, entry in partition["services"].items()
                                             if name in services}}
                  for partition in table["partitions"]]
    return {**table, "partitions": partitions}


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, separators=(",", ":")))


def write_into(root: Path) -> Path:
    """Write the cut data under `root` (the package's root); the folder written."""
    from botocore.loaders import create_loader

    loader, folder = create_loader(), root / FOLDER
    prefixes = set()
    for service, operations in OPERATIONS.items():
        version = loader.determine_latest_version(service, "service-2")
        model = loader.load_service_model(service, "service-2", version)
        prefixes.add(model["metadata"]["endpointPrefix"])
        _write(folder / service / version / "service-2.json", trimmed_model(model, operations))
        _write(folder / service / version / "endpoint-rule-set-1.json",
               loader.load_service_model(service, "endpoint-rule-set-1", version))
    for name in TOP_LEVEL:
        _write(folder / f"{name}.json", loader.load_data(name))
    _write(folder / "endpoints.json", trimmed_endpoints(loader.load_data("endpoints"), prefixes))
    return folder


"""The deployment package: `make package STAGE=prod`'s zip, built from scratch.

The zip carries the app and its vendored dependencies without what the Lambda runtime has
(boto3, botocore), without Pillow and dnspython, with Babel's locale data pruned to the stage's
languages, every module compiled (the vendored ones as bytecode alone; see `infra/package.py`
and `infra/bytecode.py`).
"""
from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any

TITLE = "Deployment package size"
FIGURES = {
    "package_zip_bytes": "size of deployment.zip (goal ≤ 10 MB = 10,485,760 bytes)",
    "package_unpacked_bytes": "the same, unpacked",
    "package_files": "files in the zip",
}
HEADLINE = {"package_zip_bytes": "package_zip_bytes"}


def run() -> dict[str, Any]:
    from infra.package import package

    with tempfile.TemporaryDirectory() as folder:
        archive = package("prod", Path(folder) / "prod")
        with zipfile.ZipFile(archive) as opened:
            infos = opened.infolist()
        return {"package_zip_bytes": archive.stat().st_size,
                "package_unpacked_bytes": sum(i.file_size for i in infos), "package_files": len(infos)}

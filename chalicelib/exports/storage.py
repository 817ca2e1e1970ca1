"""Where a finished export goes: back in the response, or to S3 behind a short-lived link.

A Lambda response is at most 6 MB and API Gateway's 10 MB, and a binary body travels base64
encoded (4/3 of its size) while a text body travels JSON-escaped (a Ukrainian letter becomes
six characters on Python 3.11). So the limit is checked against the body as it will travel,
not the file on disk; anything larger is uploaded and answered with a presigned URL.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from typing import IO, Any

from .. import aws
from ..config import settings

URL_SECONDS = 15 * 60
KEY_PREFIX = "exports/"


def spooled_file() -> IO[bytes]:
    """Memory while small, a temporary file past the inline limit (Lambda's /tmp has 512 MB)."""
    return tempfile.SpooledTemporaryFile(max_size=settings().export_inline_max_bytes + 1, mode="w+b")


def size_of(file: IO[bytes]) -> int:
    file.seek(0, 2)
    return file.tell()


@dataclass(frozen=True)
class Delivery:
    """Either `body` (the response carries the file) or `url` (302 to S3), never both."""

    body: bytes | str | None
    url: str | None
    size: int

    @property
    def how(self) -> str:
        return "inline" if self.url is None else "s3"


def _travelling_size(data: bytes, binary: bool) -> tuple[int, bytes | str]:
    if binary:
        return 4 * -(-len(data) // 3), data
    text = data.decode("utf-8")
    return len(json.dumps(text)), text


def deliver(file: IO[bytes], *, key: str, filename: str, content_type: str, binary: bool) -> Delivery:
    """The response body if it fits the limit, else upload `file` and return its presigned URL."""
    limit = settings().export_inline_max_bytes
    size = size_of(file)
    if size <= limit:
        file.seek(0)
        travelling, body = _travelling_size(file.read(), binary)
        if travelling <= limit:
            return Delivery(body, None, size)
    return Delivery(None, upload(file, key=key, filename=filename, content_type=content_type), size)


def upload(file: IO[bytes], *, key: str, filename: str, content_type: str) -> str:
    """Put the file in the exports bucket (multipart past 8 MB) and sign a GET for 15 minutes."""
    bucket = settings().exports_bucket
    s3: Any = aws.s3()
    file.seek(0)
    s3.upload_fileobj(file, bucket, KEY_PREFIX + key, ExtraArgs={
        "ContentType": content_type, "ContentDisposition": f'attachment; filename="{filename}"',
        "ServerSideEncryption": "AES256"})
    return s3.generate_presigned_url("get_object", ExpiresIn=URL_SECONDS, Params={
        "Bucket": bucket, "Key": KEY_PREFIX + key,
        "ResponseContentDisposition": f'attachment; filename="{filename}"'})

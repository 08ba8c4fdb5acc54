"""A real S3-compatible server on 127.0.0.1 for the object-storage tests: moto's standalone server.

It runs in a child process: pyarrow's S3 calls (a stream's destructor among them) hold the GIL,
which would deadlock moto's in-process ThreadedMotoServer. The environment points every AWS
client at it (AWS_ENDPOINT_URL, dummy keys, no instance metadata): nothing tries AWS itself.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

KEY, SECRET, REGION = "testing", "testing", "us-east-1"


@dataclass
class S3Server:
    port: int

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, bucket: str, prefix: str = "") -> str:
        """An s3:// URL naming the endpoint in its query, as a user would pass it to -o."""
        return (f"s3://{bucket}/{prefix}?endpoint_override=127.0.0.1:{self.port}&scheme=http"
                f"&region={REGION}")

    @property
    def storage_options(self) -> dict[str, Any]:
        """fsspec/s3fs options (pandas.read_parquet(..., storage_options=...))."""
        return {"key": KEY, "secret": SECRET,
                "client_kwargs": {"endpoint_url": self.endpoint, "region_name": REGION}}

    def s3fs(self) -> Any:
        import s3fs

        return s3fs.S3FileSystem(**self.storage_options, skip_instance_cache=True)

    def make_bucket(self, name: str) -> None:
        import pyarrow.fs as pafs

        fs = pafs.S3FileSystem(access_key=KEY, secret_key=SECRET, region=REGION, scheme="http",
                               endpoint_override=f"127.0.0.1:{self.port}",
                               allow_bucket_creation=True)
        fs.create_dir(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"moto_server did not answer at {url}")


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    """moto's S3 server on a free port of 127.0.0.1, with the AWS_* environment pointing at it."""
    pytest.importorskip("moto.server")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = S3Server(port)
    try:
        with pytest.MonkeyPatch.context() as env:
            for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN",
                         "AWS_WEB_IDENTITY_TOKEN_FILE", "HTTP_PROXY", "HTTPS_PROXY",
                         "http_proxy", "https_proxy"):
                env.delenv(name, raising=False)
            env.setenv("AWS_ACCESS_KEY_ID", KEY)
            env.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
            env.setenv("AWS_DEFAULT_REGION", REGION)
            env.setenv("AWS_REGION", REGION)
            env.setenv("AWS_ENDPOINT_URL", server.endpoint)
            env.setenv("AWS_EC2_METADATA_DISABLED", "true")
            env.setenv("AWS_CONFIG_FILE", os.devnull)
            env.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
            env.setenv("NO_PROXY", "127.0.0.1")
            _wait(f"{server.endpoint}/moto-api/", process)
            yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()

"""The tests' redis-server (bench/redisserver.py): the `redis_server` fixture, a fresh server for
one test. Without redis-server the tests that need it are skipped, unless CI is set: there they
fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.redisserver import REDIS_SERVER, RedisServer, free_port

__all__ = ["RedisServer", "free_port", "need_redis_server", "redis_server"]


def need_redis_server() -> None:
    if not Path(REDIS_SERVER).exists():
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def redis_server(tmp_path: Path):
    """A fresh, empty redis-server for one test, stopped at its end."""
    need_redis_server()
    server = RedisServer(tmp_path / "redis").start()
    try:
        yield server
    finally:
        server.stop()

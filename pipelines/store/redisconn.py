"""The connection to a shared Redis: where several akhbar workers keep one crawl's state.

AKHBAR_REDIS_URL (setting, environment variable or `--redis URL`) names the server; every key of
akhbar's starts with AKHBAR_REDIS_PREFIX ("akhbar" by default), so that several deployments can
share one server. A connection rides through a short outage (a Redis restart): each command is
retried with a growing pause for about REDIS_OUTAGE_SECONDS, then `RedisUnavailable` says which
server did not answer, and for how long.
"""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger(__name__)

REDIS_URL_ENV = "AKHBAR_REDIS_URL"
DEFAULT_PREFIX = "akhbar"
REDIS_OUTAGE_SECONDS = 30.0  # how long a command keeps retrying before the crawl gives up
CONNECT_TIMEOUT = 5.0
COMMAND_TIMEOUT = 30.0


class RedisUnavailable(RuntimeError):
    """The shared Redis did not answer (down, unreachable, or refusing us)."""


def redis_url(settings: Any = None) -> str:
    """AKHBAR_REDIS_URL from the settings, else the environment; "" when neither gives one."""
    given = settings.get("AKHBAR_REDIS_URL") if settings is not None else None
    return (given or os.environ.get(REDIS_URL_ENV) or "").strip()


def shown(url: str) -> str:
    """The URL without its password, for logs and errors."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def connect(url: str, outage: float = REDIS_OUTAGE_SECONDS) -> Any:
    """A client of the server at `url`, checked with a PING (RedisUnavailable if it fails)."""
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    # ExponentialBackoff(cap, base): pauses 0.1, 0.2, 0.4 ... 4 s; enough attempts to span
    # `outage` seconds (each failed attempt also waits up to CONNECT_TIMEOUT on a dead host)
    attempts = max(1, int(outage / 2))
    client = redis.Redis.from_url(
        url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=COMMAND_TIMEOUT,
        health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=4.0, base=0.1), attempts),
        retry_on_error=[redis.exceptions.ConnectionError, redis.exceptions.TimeoutError])
    try:  # at start a server that does not answer is said at once, not after `outage`
        impatient(url).ping()
    except redis.exceptions.RedisError as exc:
        raise RedisUnavailable(f"Redis at {shown(url)} does not answer: {exc}") from exc
    return client


def server_of(client: Any) -> str:
    """The server a client talks to, as a URL without its password (for logs and errors)."""
    pool = client.connection_pool.connection_kwargs
    return f"redis://{pool.get('host', 'localhost')}:{pool.get('port', 6379)}/{pool.get('db', 0)}"


def text(value: Any) -> str | None:
    """A value as Redis returned it (bytes: the clients of `connect`), as text (None stays)."""
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


def impatient(url: str, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A client that does not retry: for what must not hold the crawl up (a log line, a
    first check)."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout,
                                retry=None)


def is_outage(exc: BaseException) -> bool:
    """An error that means the server went away (as opposed to a wrong command or data)."""
    import redis

    return isinstance(exc, RedisUnavailable | redis.exceptions.ConnectionError
                      | redis.exceptions.TimeoutError)


class Keys:
    """Names of one deployment's keys: Keys("akhbar")("ledger", "articles") is
    "akhbar:ledger:articles"."""

    def __init__(self, prefix: str = DEFAULT_PREFIX) -> None:
        self.prefix = prefix.rstrip(":") or DEFAULT_PREFIX

    def __call__(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

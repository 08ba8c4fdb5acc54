"""Why a URL failed: the one map from a failure to the reject reason the crawl records.

Failures are told apart by exception type (isinstance against Scrapy's, Twisted's and
pyOpenSSL's classes, along the chain of causes: Scrapy wraps Twisted's errors with `raise ...
from`, and Twisted's ResponseFailed carries the failures underneath), never by class names or
messages, so an error that a new Scrapy wraps once more, or raises as a subclass, still lands
on the same reason (robots.txt is the one exception: Scrapy raises a bare IgnoreRequest for
it). akhbar's own refusals are `FetchRejected` subclasses that carry their reason.

Transient reasons are retried by the next run: the URL is not remembered as rejected, and the
run's sources are marked incomplete so that a feed answering 304 next time cannot hide it.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator
from typing import ClassVar

import brotli
from OpenSSL import SSL
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.internet import error as tx
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed

logger = logging.getLogger(__name__)

MAX_DETAIL = 300  # characters of a reject's detail
UNRECORDED_ERRORS = "akhbar/errors/unrecorded"  # stats: failures no row could be written for


class FetchRejected(IgnoreRequest):
    """A response (or redirect) akhbar refuses to hand on; `reason` goes to the rejects."""

    reason: ClassVar[str] = "ignored"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class RedirectLoop(FetchRejected):
    """An HTTP or meta-refresh redirect back to a URL of its own chain."""

    reason = "redirect_loop"


class TooManyRedirects(FetchRejected):
    """More redirects in a row than REDIRECT_MAX_TIMES, none repeating."""

    reason = "too_many_redirects"


class OffsiteRedirect(FetchRejected):
    """A redirect to a host outside the spider's domains (not followed)."""

    reason = "offsite_redirect"


class RedirectDuplicate(FetchRejected):
    """A redirect to a URL this run has already requested (the scheduler drops it)."""

    reason = "redirect_duplicate"


class Truncated(FetchRejected):
    """A body known to be incomplete: a compressed stream without its end, a body shorter than
    its Content-Length, an HTML page cut where the connection closed."""

    reason = "truncated"


class TooLarge(FetchRejected):
    """A body over DOWNLOAD_MAXSIZE: announced, received or once decompressed."""

    reason = "too_large"


# (types anywhere in the chain of causes, reason), most specific first: a TLS failure arrives as
# DownloadFailedError <- ResponseNeverReceived <- SSL.Error and must not read as connection_lost.
TYPED_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((SSL.Error, tx.SSLError), "tls_error"),
    ((CannotResolveHostError, tx.DNSLookupError), "dns_error"),
    ((DownloadConnectionRefusedError, tx.ConnectionRefusedError), "connection_refused"),
    ((DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError), "timeout"),
    ((ResponseDataLossError,), "truncated"),
    ((_DecompressionMaxSizeExceeded,), "too_large"),  # HttpCompressionMiddleware's own check
    ((gzip.BadGzipFile, zlib.error, brotli.error), "bad_encoding"),
    ((DownloadFailedError, ResponseFailed, tx.ConnectionClosed), "connection_lost"),
    ((tx.ConnectError, tx.ConnectingCancelledError), "connection_failed"),
    ((DownloadCancelledError,), "cancelled"),
)

# Reasons the next run retries (see the module docstring); http_5xx are transient too.
TRANSIENT_REASONS = frozenset({
    "dns_error", "timeout", "connection_refused", "connection_lost", "connection_failed",
    "tls_error", "truncated", "bad_encoding", "cancelled", "redirect_loop", "too_many_redirects",
    "http_408", "http_425", "http_429",
})


def is_error(reason: str) -> bool:
    """True for a reject that records a failure of akhbar itself (error_<stage>)."""
    return reason.startswith("error_")


def is_transient(reason: str) -> bool:
    """True for a reject the next run must try again (and so must read every source again)."""
    return reason in TRANSIENT_REASONS or reason.startswith(("http_5", "error_"))


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then what it was raised from, and the failures a ResponseFailed carries."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if current.__cause__ is not None:
            todo.append(current.__cause__)
        if isinstance(current, ResponseFailed):
            todo += [r.value for r in current.reasons if isinstance(r, Failure)]


def one_line(exc: BaseException) -> str:
    """`Type: message` on one line, cut to MAX_DETAIL characters."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text[:MAX_DETAIL]


def describe_failure(failure: Failure | BaseException) -> tuple[str, int | None, str]:
    """(reason code, HTTP status or None, one-line detail) for a failed request."""
    exc = failure.value if isinstance(failure, Failure) else failure
    if isinstance(exc, FetchRejected):
        return exc.reason, None, exc.detail[:MAX_DETAIL]
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", exc.response.status, one_line(exc)
    chain = list(causes(exc))
    for types, reason in TYPED_REASONS:
        for cause in chain:
            if isinstance(cause, types):
                return reason, None, _detail(chain)
    if isinstance(exc, IgnoreRequest):  # RobotsTxtMiddleware raises a bare IgnoreRequest
        reason = "robots_forbidden" if "robots.txt" in str(exc) else "ignored"
        return reason, None, one_line(exc)
    return "fetch_failed", None, _detail(chain)


def _detail(chain: list[BaseException]) -> str:
    """The chain of exception types, outermost first, and the deepest message worth reading
    (ResponseFailed's is a list of Failure reprs), e.g. `DownloadFailedError <-
    ResponseNeverReceived <- Error: [('SSL routines', '', 'wrong version number')]`."""
    names = " <- ".join(type(c).__name__ for c in chain)
    messages = [" ".join(str(c).split()) for c in reversed(chain)
                if not isinstance(c, ResponseFailed)]
    message = next((m for m in messages if m), "")
    return (f"{names}: {message}" if message else names)[:MAX_DETAIL]

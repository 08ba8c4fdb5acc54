"""Failures end as stable reject reasons, told apart by exception type against the installed
Scrapy and Twisted, with real servers on 127.0.0.1 (tests/hostile/cases_transport.py): slow,
cut, oversized and badly compressed bodies, loops and offsite redirects, refused and failed
connections, HTTP errors, and stages that crash. Transient failures are retried by the next run
even when the feed then answers 304."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
from OpenSSL import SSL
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.internet import error as tx
from twisted.python.failure import Failure
from twisted.web.client import ResponseNeverReceived

from crawler.failures import describe_failure, is_transient
from crawler.run import project_settings
from crawler.stages import ExtractPipeline
from pipelines import Reject, StageError
from tests.hostile import cases_transport
from tests.hostile.crashing import CRASH_PATH, UNGUARDED_CRASH_PATH
from tests.hostile.crawls import crawl_cases, free_port, transport_crawl
from tests.hostile.site import ARTICLE_OUTCOME, Case, Request

CASES = cases_transport.CASES


@pytest.fixture(scope="module")
def crawl():
    return transport_crawl()


@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
def test_each_transport_failure_ends_as_its_reason(case, crawl):
    got = set().union(*(crawl.outcomes().get(p, set()) for p in case.paths))
    assert case.expect in got, f"{case.what}: expected {case.expect}, got {sorted(got)}"
    if case.expect != ARTICLE_OUTCOME:
        assert ARTICLE_OUTCOME not in got, f"{case.what}: stored as an article"


def test_a_crashing_stage_gives_a_row_with_the_exception_and_the_crawl_goes_on(crawl):
    crash = crawl.rejects_of(CRASH_PATH).iloc[0]
    assert (crash["stage"], crash["reason"]) == ("crash", "error_crash")
    assert crash["detail"].startswith("ZeroDivisionError") and "crashing.py" in crash["detail"]
    escaped = crawl.rejects_of(UNGUARDED_CRASH_PATH).iloc[0]
    assert (escaped["stage"], escaped["reason"]) == ("pipeline", "error_pipeline")
    assert escaped["detail"].startswith("KeyError")
    articles = [c for c in CASES if c.expect == ARTICLE_OUTCOME]
    assert len(crawl.articles) == len(articles)  # the pages after the crashes were written


def test_a_page_failing_inside_akhbar_makes_the_run_exit_1_and_says_so(crawl):
    assert crawl.returncode == 1, crawl.stderr[-2000:]
    assert "hostile: 2 page(s) failed inside akhbar" in crawl.stdout
    assert "Health: 1 unhealthy" in crawl.stdout
    assert "crash/error_crash 1" in crawl.stdout and "pipeline/error_pipeline 1" in crawl.stdout
    assert "Traceback" not in crawl.stdout


# -- the map, by type -------------------------------------------------------------------------

def _wrapped(exc: BaseException, outer: type[Exception]) -> Exception:
    wrapper = outer(str(exc))
    wrapper.__cause__ = exc
    return wrapper


@pytest.mark.parametrize(("exc", "reason"), [
    (CannotResolveHostError("no.such.host"), "dns_error"),
    (tx.DNSLookupError("no.such.host"), "dns_error"),
    (_wrapped(tx.ConnectionRefusedError(), DownloadConnectionRefusedError),
     "connection_refused"),
    (DownloadTimeoutError("took longer than 3 s"), "timeout"),
    (tx.TCPTimedOutError(), "timeout"),
    (ResponseDataLossError(), "truncated"),
    (_wrapped(ResponseNeverReceived([Failure(SSL.Error("wrong version number"))]),
              DownloadFailedError), "tls_error"),
    (_wrapped(ResponseNeverReceived([Failure(tx.ConnectionLost())]), DownloadFailedError),
     "connection_lost"),
    (IgnoreRequest("Forbidden by robots.txt"), "robots_forbidden"),
    (_wrapped(_DecompressionMaxSizeExceeded(9_000_000, 8_388_608), IgnoreRequest), "too_large"),
], ids=lambda v: v if isinstance(v, str) else type(v).__name__)
def test_failures_are_mapped_by_type_along_the_chain_of_causes(exc, reason):
    assert describe_failure(Failure(exc))[0] == reason


def test_a_subclass_of_a_known_failure_keeps_its_reason():
    class NewTimeout(DownloadTimeoutError):  # e.g. a future Scrapy's more precise class
        pass

    assert describe_failure(NewTimeout("late"))[0] == "timeout"


@pytest.mark.parametrize("reason", ["timeout", "connection_lost", "connection_refused",
                                    "dns_error", "tls_error", "truncated", "redirect_loop",
                                    "http_503", "http_429", "error_extract"])
def test_transient_reasons(reason):
    assert is_transient(reason)


@pytest.mark.parametrize("reason", ["not_article", "http_404", "http_410", "too_large",
                                    "offsite_redirect", "robots_forbidden"])
def test_lasting_reasons_are_not_transient(reason):
    assert not is_transient(reason)


# -- stages -----------------------------------------------------------------------------------

def test_every_stage_of_the_crawl_is_guarded_but_the_writer():
    from scrapy.utils.misc import load_object

    pipelines = project_settings().getdict("ITEM_PIPELINES")
    unguarded = [path for path in pipelines
                 if not hasattr(load_object(path).process_item, "akhbar_stage")]
    assert unguarded == ["crawler.writer.ParquetPipeline"]


def test_a_real_stage_that_raises_becomes_an_error_reject_of_that_stage():
    page = {"url": "http://127.0.0.1/a/x", "status": 200, "site": "hostile",
            "headers": {"content-type": "text/html; charset=utf-8"},
            "body": cases_transport.page(60), "fetched_at": datetime.now(UTC),
            "site_overrides": {"body_xpath": "//div[@class='body'"}}  # a broken site override
    with pytest.raises(StageError) as caught:
        ExtractPipeline(250, True).process_item(page)
    assert (caught.value.stage, caught.value.reason) == ("extract", "error_extract")
    assert "XPath" in caught.value.detail
    assert isinstance(caught.value, Reject)  # so the writer records its row


# -- transient failures: retried by the next run, whatever the feed says -----------------------

ETAG = '"feed-v1"'


def _feed_with_etag(path: str, log: list[int]) -> Case:
    def serve(request: Request) -> None:
        if request.headers.get("If-None-Match") == ETAG:
            log.append(304)
            request.send(304, {"ETag": ETAG}, b"")
            return
        log.append(200)
        now = format_datetime(datetime.now(UTC), usegmt=True)
        request.send(200, {"Content-Type": "application/rss+xml", "ETag": ETAG},
                     f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                     f"<item><link>{request.origin}{path}</link><pubDate>{now}</pubDate>"
                     "</item></channel></rss>")
    return Case("/feed.xml", "a feed with an ETag", "-", serve, listed=False)


def _flaky(path: str, state: dict[str, str]) -> Case:
    def serve(request: Request) -> None:
        body = cases_transport.page(61)
        if state["mode"] == "cut":
            request.send(200, {"Content-Encoding": "gzip"}, gzip.compress(body)[:300])
        elif state["mode"] == "slow":
            time.sleep(2.5)  # past DOWNLOAD_TIMEOUT=1
            request.close()
        else:
            request.send(200, {}, body)
    return Case(path, "fails in the first run only", "article", serve)


@pytest.mark.parametrize(("first", "reason"), [("cut", "truncated"), ("slow", "timeout"),
                                               ("crash", "error_crash")])
def test_a_transient_failure_is_fetched_again_by_the_next_run_despite_a_304_feed(
        tmp_path, first, reason):
    path = CRASH_PATH if first == "crash" else "/a/flaky"
    feed_log: list[int] = []
    state = {"mode": first}
    cases = [_feed_with_etag(path, feed_log), _flaky(path, state)]
    fast = {"DOWNLOAD_TIMEOUT": "1", "RETRY_TIMES": "0"}
    crashing = cases_transport.settings() if first == "crash" else {}
    port = free_port()  # the same URLs in every run
    one = crawl_cases(cases, tmp_path, {**fast, **crashing}, port=port)
    assert one.outcomes()[path] == {reason}, one.stderr[-2000:]
    state["mode"] = "ok"
    patient = {"DOWNLOAD_TIMEOUT": "20", "RETRY_TIMES": "0"}  # a loaded machine is no failure
    two = crawl_cases(cases, tmp_path, patient, port=port)
    assert two.requests[path] == 1
    assert two.outcomes()[path] == {ARTICLE_OUTCOME}, two.stderr[-2000:]
    three = crawl_cases(cases, tmp_path, patient, port=port)  # run two saved the ETag ...
    assert feed_log == [200, 200, 304]  # ... so a 304 after run one would have hidden the page
    assert three.returncode == 0

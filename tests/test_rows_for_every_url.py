"""A row for every URL: each page a crawl requested ends as an article row or a reject row
(a redirect's intermediate hops are named in the reject of the URL that started the chain),
including the URLs that Scrapy's duplicate and offsite filters used to drop in silence."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from tests.hostile.cases_transport import page
from tests.hostile.crawls import crawl_cases, free_port, transport_crawl
from tests.hostile.site import ARTICLE_OUTCOME, Case, Request

DISCOVERY = {"/feed.xml", "/robots.txt"}


def test_every_page_the_crawl_requested_ends_as_a_row_or_a_named_hop():
    crawl = transport_crawl()
    outcomes = crawl.outcomes()
    hops = " ".join(unquote(d) for d in crawl.rejects["detail"])
    requested = set(crawl.requests) - DISCOVERY
    assert requested, "the crawl requested nothing"
    missing = sorted(p for p in requested if p not in outcomes and p not in hops)
    assert not missing, missing
    assert {"/r/pong", "/r/meta-b"} <= requested  # the intermediate hops were fetched


def test_every_row_has_a_reason_and_every_reject_a_url_of_the_site():
    crawl = transport_crawl()
    assert crawl.rejects["reason"].str.fullmatch(r"[a-z0-9_]+").all()
    hosts = {urlsplit(u).hostname for u in crawl.rejects["url"]}
    assert hosts == {"127.0.0.1"}  # the offsite target is only in the detail ...
    assert "dns_error" not in set(crawl.rejects["reason"])  # ... and was never looked up


def _to_target(request: Request) -> None:
    if request.path == "/a/target":
        request.send(200, {}, page(70))
    else:
        request.send(301, {"Location": "/a/target"}, "")


def test_two_urls_redirecting_to_one_page_give_one_article_and_a_duplicate_reject(tmp_path):
    cases = [Case("/a/old-1", "redirects to /a/target", "-", _to_target, also=("/a/target",)),
             Case("/a/old-2", "redirects to /a/target too", "-", _to_target)]
    crawl = crawl_cases(cases, tmp_path)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert [urlsplit(u).path for u in crawl.articles["fetched_url"]] == ["/a/target"]
    duplicate = crawl.rejects[crawl.rejects["reason"] == "redirect_duplicate"]
    assert len(duplicate) == 1
    assert urlsplit(duplicate["url"].iloc[0]).path in {"/a/old-1", "/a/old-2"}
    assert "/a/target" in duplicate["detail"].iloc[0]
    assert crawl.requests["/a/target"] == 1
    assert ARTICLE_OUTCOME in crawl.outcomes()["/a/target"]


def test_a_redirected_article_keeps_the_url_it_was_found_under_and_is_not_fetched_again(
        tmp_path):
    cases = [Case("/a/old-1", "redirects to /a/target", "-", _to_target, also=("/a/target",))]
    port = free_port()  # the same URLs in both runs
    first = crawl_cases(cases, tmp_path, {"LEDGER_REFETCH_HOURS": "0"}, port=port)
    assert first.returncode == 0, first.stderr[-2000:]
    (row,) = first.articles.to_dict("records")
    assert urlsplit(row["requested_url"]).path == "/a/old-1"
    assert urlsplit(row["fetched_url"]).path == "/a/target"
    second = crawl_cases(cases, tmp_path, {"LEDGER_REFETCH_HOURS": "0"}, port=port)
    assert second.requests["/a/old-1"] == 0 and second.requests["/a/target"] == 0
    assert second.articles.empty  # known by the URL it was found under: nothing new

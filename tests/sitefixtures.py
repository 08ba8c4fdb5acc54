"""Shared helpers for tests that crawl the bundled site for real (HTTP on 127.0.0.1)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pandas as pd

from crawler.addresses import AddressPolicy
from crawler.demo.localsite import HOST

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "tests" / "sites" / "alwaha"
# The test sites listen on 127.0.0.1, an address akhbar refuses by default (crawler/addresses.py):
# every crawl and add-site of the tests allows it, and only it, explicitly.
ALLOW_LOOPBACK = ("-s", f"ADDRESSES_ALLOW={HOST}")  # for command lines
LOOPBACK_SETTINGS = {"ADDRESSES_ALLOW": [HOST]}  # for settings built in a test
LOOPBACK_ONLY = AddressPolicy.allowing(HOST)  # for onboard() and Fetcher in-process
CONNECTING_COMMANDS = ("crawl", "add-site")


def expected_site() -> dict:
    return json.loads((SITE_DIR / "expected.json").read_text(encoding="utf-8"))


@dataclass
class CrawlRun:
    output: Path
    returncode: int
    stdout: str
    stderr: str
    requests: Counter[str]


def run_cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """`akhbar ARGS` in a child process (a Scrapy reactor runs once per process). A crawl or
    add-site is allowed to connect to 127.0.0.1 (ALLOW_LOOPBACK) unless its arguments set an
    ADDRESSES_* setting themselves."""
    if args and args[0] in CONNECTING_COMMANDS and not any("ADDRESSES_" in a for a in args):
        args = (*args, *ALLOW_LOOPBACK)
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def crawl(site: Any, output: Path, *args: str) -> CrawlRun:
    """`akhbar crawl alwaha` against a running LocalSite, with the server's request log."""
    site.reset_log()
    proc = run_cli("crawl", "alwaha", "-a", f"home={site.origin}", "-o", str(output), *args)
    return CrawlRun(output, proc.returncode, proc.stdout, proc.stderr, site.request_counts())


def written_paths(output: Path) -> list[str]:
    """Percent-decoded paths of the article rows in a dataset folder (one per row)."""
    folder = output / "articles"
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        return []
    return [unquote(urlsplit(u).path) for u in pd.read_parquet(folder)["url"]]


def article_paths() -> set[str]:
    return {unquote(a["path"]) for a in expected_site()["articles"]}


def requested_articles(site: Any, requests: Counter[str]) -> Counter[str]:
    """How often each article id was requested."""
    counts: Counter[str] = Counter()
    for path, n in requests.items():
        article = site.article_id(path)
        if article:
            counts[article] += n
    return counts


FEED_LINK = re.compile(r'<link rel="alternate" type="application/[a-z+]+"[^>]*>\n?')


def without_feed_links(site: Any) -> None:
    """Serve a home page that advertises no feed."""
    home = (SITE_DIR / "www" / "index.html").read_text(encoding="utf-8")
    site.override("/", FEED_LINK.sub("", home))


def without_robots_sitemap(site: Any) -> None:
    site.override("/robots.txt", "User-agent: *\nDisallow: /admin/\n", content_type="text/plain")


def gone(site: Any, *paths: str) -> None:
    for path in paths:
        site.override(path, "<h1>404</h1>", status=404)


def news_sitemap(keyword: str) -> str:
    """A Google News sitemap of every article, each tagged with `keyword`."""
    urls = "".join(
        f"<url><loc>{{{{ORIGIN}}}}{a['path']}</loc><news:news><news:publication>"
        f"<news:name>الواحة نيوز</news:name><news:language>ar</news:language></news:publication>"
        f"<news:publication_date>{a['published']}</news:publication_date>"
        f"<news:title>{a['title']}</news:title><news:keywords>{keyword}</news:keywords>"
        f"</news:news></url>" for a in expected_site()["articles"])
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
            'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{urls}</urlset>")

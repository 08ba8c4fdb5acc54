"""`akhbar add-site` against the bundled site on 127.0.0.1, and the guesses it is built on."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest

from crawler.cli import main
from crawler.demo.localsite import LocalSite
from crawler.onboard.addsite import Fetcher, OnboardError, onboard
from crawler.onboard.siteguess import article_pattern, country_of, guess_zone
from crawler.settings import USER_AGENT
from crawler.spiders.base import NewsSpider
from tests.sitefixtures import (
    ALLOW_LOOPBACK,
    LOOPBACK_ONLY,
    LOOPBACK_SETTINGS,
    ROOT,
    article_paths,
    expected_site,
    written_paths,
)

EXPECTED = expected_site()
# The gallery has an article's URL shape (and og:type): no URL pattern can tell it apart; the
# pipeline rejects it once fetched (tests/test_discovery_crawl.py).
NON_ARTICLES = [p["path"] for p in EXPECTED["non_articles"] if p["kind"] != "gallery"]


def load_spider(path: Path) -> type[NewsSpider]:
    """The spider class of a module written outside the package."""
    spec = importlib.util.spec_from_file_location(f"proposed_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (spider,) = [v for v in vars(module).values()
                 if isinstance(v, type) and issubclass(v, NewsSpider) and v is not NewsSpider]
    return spider


@pytest.fixture(scope="module")
def site():
    with LocalSite("alwaha") as running:
        yield running


@pytest.fixture(scope="module")
def proposed(site, tmp_path_factory):
    """add-site run once on the bundled site: (proposal, module path, spider class, requests)."""
    site.reset_log()
    proposal, path = onboard(site.origin + "/", tmp_path_factory.mktemp("spiders"),
                             name="alwahaproposed", delay=0, timeout=10, addresses=LOOPBACK_ONLY)
    return proposal, path, load_spider(path), list(site.requests)


@pytest.fixture
def fresh_site():
    with LocalSite("alwaha") as running:
        yield running


def test_it_finds_the_rss_atom_and_json_feeds_and_the_robots_sitemap_index(proposed):
    proposal, _, _, _ = proposed
    assert proposal.feeds == ["/rss.xml", "/atom.xml", "/feed.json"]
    assert proposal.sitemaps == ["/sitemap.xml"]


def test_the_proposed_pattern_matches_every_article_and_no_other_page(proposed, site):
    spider = proposed[2](home=site.origin)
    assert [p for p in article_paths() if not spider.is_article_url(site.url(p))] == []
    assert [p for p in NON_ARTICLES if spider.is_article_url(site.url(p))] == []
    assert len(article_paths()) == 44 and NON_ARTICLES


def test_it_proposes_cairo_and_egypt_from_the_offsets_the_site_wrote(proposed):
    proposal, path, _, _ = proposed
    assert (proposal.timezone, proposal.country) == ("Africa/Cairo", "EG")
    text = path.read_text(encoding="utf-8")
    assert "Guesses to confirm" in text and "timezone: Africa/Cairo" in text


def test_the_written_module_is_a_news_spider_with_the_proposed_attributes(proposed, site):
    proposal, path, spider, _ = proposed
    assert issubclass(spider, NewsSpider) and spider.__name__ == "AlwahaproposedSpider"
    assert (spider.name, spider.home, spider.country, spider.timezone) == (
        "alwahaproposed", site.origin + "/", "EG", "Africa/Cairo")
    assert list(spider.feeds) == proposal.feeds and list(spider.sitemaps) == proposal.sitemaps
    assert spider.article_pattern == proposal.article_pattern
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(path)],
                          cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout


def test_it_reads_robots_first_and_fetches_each_url_once_within_the_sample_cap(proposed, site):
    requests = proposed[3]
    assert requests[0] == "/robots.txt"
    assert len(requests) == len(set(requests))
    assert 1 <= sum(1 for p in requests if site.article_id(p)) <= 10


def test_the_sample_cap_is_obeyed(fresh_site, tmp_path):
    onboard(fresh_site.origin, tmp_path, name="capped", samples=3, delay=0,
            addresses=LOOPBACK_ONLY)
    assert sum(n for p, n in fresh_site.request_counts().items() if fresh_site.article_id(p)) == 3


def test_the_proposed_spider_crawls_the_bundled_site(proposed, site, tmp_path):
    script = (
        "import sys; from tests.test_onboard import load_spider; from pathlib import Path\n"
        "from crawler.run import project_settings, run_crawl\n"
        "cls = load_spider(Path(sys.argv[1]))\n"
        "settings = project_settings({'PARQUET_DIR': sys.argv[2], 'LOG_LEVEL': 'WARNING',\n"
        f"    'ADDRESSES_ALLOW': {LOOPBACK_SETTINGS['ADDRESSES_ALLOW']!r},\n"
        "    'DOWNLOAD_DELAY': 0, 'AUTOTHROTTLE_ENABLED': False})\n"
        "result = run_crawl([cls], settings, {'home': sys.argv[3]})\n"
        "sys.exit(0 if result.sites[0].finish_reason == 'finished' else 1)\n")
    proc = subprocess.run([sys.executable, "-c", script, str(proposed[1]), str(tmp_path),
                           site.origin], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(written_paths(tmp_path)) == sorted(article_paths())


def test_robots_txt_disallowed_paths_are_never_fetched(fresh_site, tmp_path):
    fresh_site.override("/robots.txt", f"User-agent: *\nDisallow: /politics/\n\nSitemap: "
                        f"{fresh_site.origin}/sitemap.xml\n", content_type="text/plain")
    proposal, _ = onboard(fresh_site.origin, tmp_path, name="polite", delay=0,
                          addresses=LOOPBACK_ONLY)
    assert [p for p in fresh_site.requests if p.startswith("/politics/")] == []
    assert proposal.article_pattern  # still learnt from the other sections


def test_a_site_that_disallows_everything_is_not_onboarded(fresh_site, tmp_path):
    fresh_site.override("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    with pytest.raises(OnboardError, match="home page"):
        onboard(fresh_site.origin, tmp_path, name="closed", delay=0, addresses=LOOPBACK_ONLY)
    assert fresh_site.requests == ["/robots.txt"]
    assert not (tmp_path / "closed.py").exists()


def test_an_unreachable_or_empty_home_page_is_an_error_not_a_module(fresh_site, tmp_path):
    fresh_site.override("/", b"", content_type="text/html")
    with pytest.raises(OnboardError, match="not HTML"):
        onboard(fresh_site.origin, tmp_path, name="empty", delay=0, addresses=LOOPBACK_ONLY)
    origin = fresh_site.origin
    fresh_site.stop()  # nothing listens on its port any more
    with pytest.raises(OnboardError, match="cannot be fetched"):
        onboard(origin, tmp_path, name="gone", delay=0, timeout=2, addresses=LOOPBACK_ONLY)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_module_is_kept_unless_forced(fresh_site, tmp_path, capsys):
    existing = tmp_path / "mine.py"
    existing.write_text("# a person's work\n")
    args = ["add-site", fresh_site.origin, "--name", "mine", "--dir", str(tmp_path), "--delay",
            "0", *ALLOW_LOOPBACK]
    assert main(args) == 1
    assert "--force" in capsys.readouterr().err and fresh_site.requests == []
    assert existing.read_text() == "# a person's work\n"
    assert main([*args, "--force"]) == 0
    assert "Africa/Cairo" in capsys.readouterr().out
    assert load_spider(existing).name == "mine"


def test_the_fetcher_sends_the_project_user_agent_and_times_out():
    seen: list[str] = []

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.headers.get("User-Agent", ""))
            threading.Event().wait(2 if self.path == "/slow" else 0)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        fetcher = Fetcher(timeout=0.5, delay=0, addresses=LOOPBACK_ONLY)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        assert fetcher.get(origin + "/fast").body == b"ok"
        assert fetcher.get(origin + "/slow") is None
    finally:
        server.shutdown()
        server.server_close()
    assert seen[0] == USER_AGENT


# -- the guesses, on URL shapes and clocks of sites the code has never seen -------------------

@pytest.mark.parametrize(("articles", "fronts"), [
    (["/story/2024/1/15/a-b/6412345", "/story/2023/12/3/c/6310000"],
     ["/story/", "/Section/x/65/1", "/story/2024/1/15/"]),
    (["/uae/news/2024-01-15-1.4812345", "/world/arab/2023-12-03-1.4700001"], ["/uae/news"]),
    (["/مثال-خبر-1289123.html", "/خبر-آخر-7-1290001.html"], ["/politique", "/about-us"]),
    (["/arab_world/202601151002003004-مثال/", "/world/202104011048123456-x/"], ["/world/"]),
    (["/news/view.aspx?cdate=15012024&id=3f2a", "/news/view.aspx?id=9b1c&cdate=16012024"],
     ["/news/view.aspx", "/news/"]),
])
def test_article_patterns_generalise_the_sampled_urls_and_keep_fronts_out(articles, fronts):
    pairs = [(unquote(u.split("?")[0]), u.partition("?")[2]) for u in articles]
    regex = re.compile(article_pattern([pairs]))
    unseen = [a.replace("2024", "2025").replace("5", "7") for a in articles]
    for url in articles + unseen:
        path, _, query = url.partition("?")
        assert regex.search(path + (f"?{query}" if query else "")), (regex.pattern, url)
    assert [f for f in fronts if regex.search(f)] == []


def test_daylight_saving_dates_tell_cairo_from_beirut():
    cairo = ZoneInfo("Africa/Cairo")
    dates = [datetime(2026, 10, d, 12, tzinfo=cairo) for d in (20, 27, 28, 30)]
    assert guess_zone(dates, None, arabic=True).zone == "Africa/Cairo"
    beirut = ZoneInfo("Asia/Beirut")
    dates = [datetime(2026, 10, d, 12, tzinfo=beirut) for d in (20, 27, 28, 30)]
    assert guess_zone(dates, None, arabic=True).zone == "Asia/Beirut"


def test_dates_in_utc_fall_back_to_the_country_s_zone():
    dates = [datetime.fromisoformat("2026-11-20T10:00:00+00:00")]
    assert guess_zone(dates, "MA", arabic=True).zone == "Africa/Casablanca"
    assert guess_zone([], "SA", arabic=True).zone == "Asia/Riyadh"


@pytest.mark.parametrize(("host", "locale", "lang", "country"), [
    ("www.albayan.ae", "", "ar", "AE"), ("www.alquds.co.uk", "", "ar", "GB"),
    ("www.lbcgroup.tv", "", "ar", None),  # .tv is used as a generic TLD
    ("example.com", "ar_AR", "ar", None),  # Facebook's pan-Arabic locale, not Argentina
    ("example.com", "ar_EG", "ar", "EG"), ("example.com", "", "ar-MA", "MA"),
])
def test_the_country_comes_from_the_cctld_or_a_regional_locale(host, locale, lang, country):
    found = country_of(host, locale, lang)
    assert (found[0] if found else None) == country

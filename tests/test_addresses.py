"""Inside addresses are refused at connection time (crawler/addresses.py), proven on loopback only.

A listener on 127.0.0.2, bound by the test, must receive no connection while crawls and add-site
are pointed at it (directly, through a feed, through a redirect from the allowed 127.0.0.1), and
`localhost` is refused unless 127.0.0.1 is allowed. Other private ranges are only ever classified
here, never connected to.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from scrapy.settings import Settings

from crawler.addresses import (
    AddressPolicy,
    ForbiddenAddress,
    check_bypasses,
    forbidden_kind,
    parse_address,
)
from crawler.demo.localsite import LocalSite
from crawler.onboard.addsite import ForbiddenSite, onboard
from crawler.onboard.fetcher import guarded_connect
from crawler.run import project_settings
from tests.sitefixtures import LOOPBACK_ONLY, run_cli, without_robots_sitemap

FORBIDDEN_HOST = "127.0.0.2"  # loopback, not allowed: the tests' one forbidden target
ARTICLE = "/politics/2026/11/29/{}/x"  # the shape of the bundled site's article URLs


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("fec0::1", "site-local"),
    ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "private"), ("100.64.0.1", "non-public"), ("::7f00:1", "reserved"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),  # IPv4-mapped
    ("2002:a00:1::", "private"), ("64:ff9b::a00:1", "private"),  # 6to4, NAT64 of 10.0.0.1
    ("8.8.8.8", None), ("1.1.1.1", None), ("2606:4700::1111", None), ("2002:808:808::", None),
])
def test_addresses_are_classified_without_connecting(address: str, kind: str | None) -> None:
    ip = parse_address(address)
    assert ip is not None and forbidden_kind(ip) == kind
    assert (AddressPolicy().refusal(address) is None) == (kind is None)


def test_the_allow_list_takes_addresses_and_networks_and_mapped_forms() -> None:
    policy = AddressPolicy.allowing("127.0.0.1", "10.20.0.0/16")
    assert policy.refusal("127.0.0.1") is None and policy.refusal("::ffff:127.0.0.1") is None
    assert policy.refusal("10.20.3.4") is None
    assert policy.refusal("127.0.0.2") == "127.0.0.2 is a loopback address"
    assert policy.refusal("10.21.0.1", "intranet") == \
        "intranet resolves to 10.21.0.1, a private address"
    assert policy.refusal("2002:7f00:1::")  # 6to4 of 127.0.0.1 is not 127.0.0.1 itself
    assert AddressPolicy(enabled=False).refusal("127.0.0.2") is None
    with pytest.raises(ValueError, match="ADDRESSES_ALLOW"):
        AddressPolicy.allowing("127.0.0.300")
    settings = Settings({"ADDRESSES_ALLOW": "127.0.0.1, ::1", "ADDRESSES_GUARD_ENABLED": "1"})
    assert AddressPolicy.from_settings(settings) == AddressPolicy.allowing("127.0.0.1", "::1")


def test_a_bad_allow_list_is_a_usage_error_before_anything_starts(tmp_path: Path) -> None:
    proc = run_cli("crawl", "alwaha", "-o", str(tmp_path), "-s", "ADDRESSES_ALLOW=localhost",
                   timeout=60)
    assert proc.returncode == 2 and "ADDRESSES_ALLOW" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_resolver_or_handler_that_would_bypass_the_guard_stops_the_crawl() -> None:
    assert check_bypasses(project_settings()) is None
    default_resolver = project_settings({"TWISTED_DNS_RESOLVER":
                                         "scrapy.resolver.CachingThreadedResolver"})
    with pytest.raises(RuntimeError, match="TWISTED_DNS_RESOLVER"):
        check_bypasses(default_resolver)
    httpx = project_settings({"DOWNLOAD_HANDLERS": {
        "https": "scrapy.core.downloader.handlers._httpx.HttpxDownloadHandler"}})
    with pytest.raises(RuntimeError, match="https download handler"):
        check_bypasses(httpx)


# -- for real, on loopback ---------------------------------------------------------------------

@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP listener on 127.0.0.2 that must never be connected to."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((FORBIDDEN_HOST, 0))
    sock.listen(64)
    sock.setblocking(False)
    yield sock
    sock.close()


def connections(sock: socket.socket) -> int:
    """Connections the listener received (the kernel completes them even unaccepted)."""
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def origin(sock: socket.socket) -> str:
    return f"http://{FORBIDDEN_HOST}:{sock.getsockname()[1]}"


def rejects(output: Path) -> pd.DataFrame:
    return pd.read_parquet(output / "rejects")


def test_a_site_on_a_forbidden_address_is_never_connected_to(listener, tmp_path):
    proc = run_cli("crawl", "alwaha", "-a", f"home={origin(listener)}/", "-o", str(tmp_path),
                   timeout=120)  # run_cli allows 127.0.0.1 only
    assert connections(listener) == 0
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = rejects(tmp_path)
    assert set(found["url"]) == {f"{origin(listener)}{p}" for p in
                                 ("/rss.xml", "/atom.xml", "/sitemap.xml", "/")}
    assert set(found["reason"]) == {"forbidden_address"} and set(found["stage"]) == {"discover"}
    assert found["detail"].str.contains("127.0.0.2 is a loopback address").all()


def test_an_article_there_and_a_redirect_there_are_forbidden_address_rejects(listener,
                                                                            tmp_path):
    target = origin(listener)
    with LocalSite("alwaha") as site:
        without_robots_sitemap(site)
        direct, redirected = (ARTICLE.format(9001), ARTICLE.format(9002))
        site.override(redirected, "", status=302,
                      headers={"Location": f"{target}{redirected}"})
        items = "".join(f"<item><title>t</title><link>{url}</link></item>"
                        for url in (f"{target}{direct}", site.url(redirected)))
        site.override("/extra.xml", f'<?xml version="1.0"?><rss version="2.0"><channel>'
                      f"<title>x</title>{items}</channel></rss>",
                      content_type="application/rss+xml")
        proc = run_cli("crawl", "alwaha", "-a", f"home={site.origin}", "-a", "feeds=/extra.xml",
                       "-a", "sitemaps=", "-a", f"domains={FORBIDDEN_HOST}", "-o", str(tmp_path),
                       timeout=120)
        served, first_hop = site.request_counts(), site.url(redirected)
    assert connections(listener) == 0
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert served[redirected] == 1  # the allowed site was fetched, its redirect was not followed
    found = rejects(tmp_path).set_index("url")
    assert found.loc[f"{target}{direct}", ["stage", "reason"]].tolist() == \
        ["fetch", "forbidden_address"]
    row = found.loc[first_hop]
    assert [row["stage"], row["reason"]] == ["fetch", "forbidden_address"]
    assert f"redirected to {target}{redirected}" in row["detail"]


def test_a_name_resolving_to_loopback_is_refused_unless_allowed(tmp_path):
    with LocalSite("alwaha") as site:
        home = site.origin.replace("127.0.0.1", "localhost") + "/"
        refused = run_cli("crawl", "alwaha", "-a", f"home={home}", "-o", str(tmp_path / "a"),
                          "-s", "ADDRESSES_ALLOW=", timeout=120)
        assert sum(site.request_counts().values()) == 0
        allowed = run_cli("crawl", "alwaha", "-a", f"home={home}", "-o", str(tmp_path / "b"),
                          "-s", "ADDRESSES_ALLOW=127.0.0.1", timeout=120)
        assert site.request_counts()["/rss.xml"] == 1
    assert refused.returncode == 0 and allowed.returncode == 0, allowed.stderr[-2000:]
    found = rejects(tmp_path / "a")
    assert set(found["reason"]) == {"forbidden_address"}
    assert found["detail"].str.contains("localhost resolves to 127.0.0.1, a loopback").all()
    assert not (tmp_path / "b" / "rejects").exists() or \
        "forbidden_address" not in set(rejects(tmp_path / "b")["reason"])


def test_add_site_refuses_a_forbidden_address_in_one_line(listener, tmp_path):
    proc = run_cli("add-site", f"{origin(listener)}/", "--dir", str(tmp_path), "--delay", "0",
                   timeout=60)  # 127.0.0.1 allowed, 127.0.0.2 not
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert "127.0.0.2 is a loopback address" in line and "ADDRESSES_ALLOW" in line
    local = run_cli("add-site", "http://localhost:9/", "--dir", str(tmp_path), "-s",
                    "ADDRESSES_ALLOW=", timeout=60)
    assert local.returncode == 2 and "localhost resolves to" in local.stderr
    assert connections(listener) == 0
    assert list(tmp_path.iterdir()) == []


def test_add_site_does_not_follow_a_redirect_to_a_forbidden_address(listener, tmp_path):
    with LocalSite("alwaha") as site:
        site.override("/", "", status=302, headers={"Location": f"{origin(listener)}/"})
        with pytest.raises(ForbiddenSite, match="127.0.0.2 is a loopback address"):
            onboard(site.origin + "/", tmp_path, name="moved", delay=0, timeout=5,
                    addresses=LOOPBACK_ONLY)
    assert connections(listener) == 0
    assert list(tmp_path.iterdir()) == []


def test_the_urllib_guard_checks_each_address_before_connecting(listener):
    with pytest.raises(ForbiddenAddress, match="127.0.0.2 is a loopback address"):
        guarded_connect(LOOPBACK_ONLY, (FORBIDDEN_HOST, listener.getsockname()[1]))
    with pytest.raises(ForbiddenAddress, match="localhost resolves to"):
        guarded_connect(AddressPolicy(), ("localhost", listener.getsockname()[1]))
    assert connections(listener) == 0

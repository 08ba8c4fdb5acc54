"""`akhbar add-site URL`: look at a news site the way its spider will, and write that spider.

Every request goes through one polite `Fetcher` (crawler/onboard/fetcher.py): the project's
User-Agent, robots.txt obeyed, a timeout and a pause (DOWNLOAD_DELAY) per request, a size cap, no
proxies, and no connection to loopback, private or other inside addresses unless allowed
(`ForbiddenSite`, before anything is fetched; crawler/addresses.py). The steps:

1. robots.txt (its Sitemap: lines), then the home page: the feeds it advertises, its html lang
   and og:locale, its navigation links (section fronts, never articles) and its other links;
2. feeds: the advertised ones, else the first of a few usual paths that parses; sitemaps: the
   robots.txt ones, else /sitemap.xml; a sitemap index is read down to MAX_CHILD_SITEMAPS;
3. the site's URLs those list (the home page's links when there are none) are grouped by shape
   (crawler/onboard/siteguess.py) and at most `samples` pages are fetched, round robin over the
   groups and spread across each: a group is articles when most of its sampled pages say so (og:type
   article or a JSON-LD *Article type);
4. crawler.onboard.siteguess generalises the article groups into a pattern, and turns every date the
   site wrote with a UTC offset (feed and sitemap entries, the sampled pages' JSON-LD and meta
   dates) into an IANA zone;
5. the module is written for a person to review (never over an existing file unless `force`),
   its docstring saying what was found on the site and what is a guess.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from crawler.addresses import HINT, AddressPolicy
from crawler.discovery.feeds import DiscoveryError, Entry, feed_links, parse_feed, parse_sitemap
from crawler.discovery.links import ASSET
from crawler.onboard.fetcher import Fetcher, OnboardError
from crawler.onboard.proposal import Proposal, default_name, is_ip, module_source
from crawler.onboard.siteguess import (
    article_pattern,
    aware_date,
    country_of,
    guess_zone,
    page_facts,
    shape,
)
from crawler.settings import DOWNLOAD_DELAY
from pipelines.store.urls import VARIANT_HOST, on_hosts

logger = logging.getLogger(__name__)

USUAL_FEEDS = ("/feed", "/rss", "/rss.xml", "/feed.xml")
MAX_CHILD_SITEMAPS = 5
NAME = re.compile(r"[a-z][a-z0-9_]*")


class ForbiddenSite(OnboardError):
    """The site's address is one akhbar does not connect to (ADDRESSES_ALLOW)."""


@dataclass
class Sample:
    url: str
    article: bool
    dates: list[datetime]


def onboard(url: str, directory: Path, *, name: str | None = None, force: bool = False,
            samples: int = 10, timeout: float = 15.0,
            delay: float = DOWNLOAD_DELAY,
            addresses: AddressPolicy | None = None) -> tuple[Proposal, Path]:
    """Look at the site at `url` and write DIRECTORY/NAME.py; (the proposal, its path).
    `addresses` (default: public addresses only) says where it may connect."""
    parts = urlsplit(url if "//" in url else "https://" + url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OnboardError(f"not an http(s) URL: {url}")
    name = name or default_name(parts.hostname)
    path = directory / f"{name}.py"
    if not NAME.fullmatch(name):
        raise OnboardError(f"{name!r} is not a valid spider name (lower case, digits, _)")
    if path.exists() and not force:
        raise OnboardError(f"{path} exists (use --force to replace it)")
    addresses = addresses or AddressPolicy()
    why = addresses.host_refusal(parts.hostname, parts.port or 0)
    if why:
        raise ForbiddenSite(f"{url}: {why}; {HINT}")
    fetcher = Fetcher(timeout, delay, addresses)
    proposal = look_at(fetcher, f"{parts.scheme}://{parts.netloc}{parts.path or '/'}", name,
                       samples)
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(module_source(proposal), encoding="utf-8")
    logger.info("%s: %d requests, wrote %s", name, len(fetcher.requested), path)
    return proposal, path


def look_at(fetcher: Fetcher, url: str, name: str, samples: int) -> Proposal:
    """Everything add-site learns from the site, as a proposal."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    robots_sitemaps = fetcher.read_robots(origin)
    home = fetcher.get(url)
    if home is None and fetcher.forbidden:
        raise ForbiddenSite(f"{fetcher.forbidden[-1]}; {HINT}")
    if home is None or home.status != 200:
        raise OnboardError(f"the home page {url} cannot be fetched "
                           f"({'disallowed or unreachable' if home is None else home.status})")
    try:
        tree = lxml_html.fromstring(home.body, base_url=home.url)
    except (etree.ParserError, ValueError) as exc:
        raise OnboardError(f"the home page {home.url} is not HTML: {exc}") from exc
    hosts = {urlsplit(home.url).hostname or ""}
    proposal = Proposal(name=name, home=home.url, outlet=_outlet(tree, hosts))
    entries = _feeds(fetcher, tree, home.url, proposal) + _sitemaps(
        fetcher, robots_sitemaps, origin, proposal)
    nav = {_key(urljoin(home.url, h)) for h in tree.xpath("//nav//a/@href|//header//a/@href")}
    urls = [e.url for e in entries if e.via != "sitemap_index"] or [
        urljoin(home.url, h) for h in tree.xpath("//a/@href")]
    groups = _groups([u for u in urls if on_hosts(u, hosts) and _key(u) not in nav
                      and _key(u) != _key(home.url) and not ASSET.search(urlsplit(u).path)])
    allowed = {k: [u for u in g if fetcher.allowed(u)] for k, g in groups.items()}
    checked = [fetch_sample(fetcher, u) for u in _spread(allowed, samples)]
    verdict = {u.url: u.article for u in checked}
    articles = [g for g in groups.values() if _mostly_articles(g, verdict)]
    proposal.article_pattern = article_pattern(
        [[(unquote(urlsplit(u).path), urlsplit(u).query) for u in g] for g in articles])
    proposal.guesses.append(
        f"article_pattern: generalised from {sum(map(len, articles))} article URLs in "
        f"{len(articles)} shape(s); {len(checked)} sampled pages fetched, "
        f"{sum(s.article for s in checked)} of them articles (og:type / JSON-LD)")
    _place(proposal, tree, hosts, entries, checked)
    refused = sum(len(g) for g in groups.values()) - sum(len(g) for g in allowed.values())
    if refused or fetcher.refused:
        proposal.found.append(f"robots.txt disallows {refused + len(fetcher.refused)} of the "
                              "URLs seen; none of them was fetched")
    return proposal


def _outlet(tree: lxml_html.HtmlElement, hosts: set[str]) -> str:
    site_name = tree.xpath("string(//meta[@property='og:site_name']/@content)").strip()
    title = re.split(r"\s[-|–:]\s", tree.findtext(".//title") or "")[0].strip()
    return f"{site_name or title or sorted(hosts)[0]} ({sorted(hosts)[0]})"


def _relative(url: str, home: str) -> str:
    parts, base = urlsplit(url), urlsplit(home)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _feeds(fetcher: Fetcher, tree: lxml_html.HtmlElement, home: str,
           proposal: Proposal) -> list[Entry]:
    advertised = feed_links(tree, home)
    entries: list[Entry] = []
    for url in advertised or [urljoin(home, p) for p in USUAL_FEEDS]:
        got = fetcher.get(url)
        try:
            found = parse_feed(got.body, got.url) if got and got.status == 200 else None
        except DiscoveryError:
            found = None
        if found is not None:
            proposal.feeds.append(_relative(url, home))
            entries += found
            if not advertised:
                break
    how = "advertised by the home page" if advertised else "found at a usual path (a guess)"
    proposal.found.append(f"feeds {how}: {', '.join(proposal.feeds) or 'none'}")
    return entries


def _sitemaps(fetcher: Fetcher, listed: list[str], origin: str,
              proposal: Proposal) -> list[Entry]:
    """Entries of the sitemaps (an index's children too, for their lastmod dates)."""
    entries: list[Entry] = []
    for url in listed or [origin + "/sitemap.xml"]:
        kind, found = _read_sitemap(fetcher, url)
        if kind is None:
            continue
        proposal.sitemaps.append(_relative(url, proposal.home))
        entries += found
        if kind == "index":
            for child in found[:MAX_CHILD_SITEMAPS]:
                entries += _read_sitemap(fetcher, child.url)[1]
    how = "listed in robots.txt" if listed else "found at /sitemap.xml (not in robots.txt)"
    proposal.found.append(f"sitemaps {how}: {', '.join(proposal.sitemaps) or 'none'}")
    return entries


def _read_sitemap(fetcher: Fetcher, url: str) -> tuple[str | None, list[Entry]]:
    got = fetcher.get(url)
    if got is None or got.status != 200:
        return None, []
    try:
        return parse_sitemap(got.body, got.url)
    except DiscoveryError as exc:
        logger.info("%s is not a sitemap: %s", url, exc)
        return None, []


def _key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{unquote(parts.path).rstrip('/')}?{parts.query}"


def _groups(urls: list[str]) -> dict[tuple[str, ...], list[str]]:
    """URLs (each once, in order) by path shape, biggest group first; the home's shape left out."""
    groups: dict[tuple[str, ...], list[str]] = {}
    seen: set[str] = set()
    for url in urls:
        if _key(url) not in seen and (kinds := shape(unquote(urlsplit(url).path))):
            seen.add(_key(url))
            groups.setdefault(kinds, []).append(url)
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))


def _spread(groups: dict[tuple[str, ...], list[str]], budget: int) -> list[str]:
    """At most `budget` URLs: round robin over the groups, evenly spaced within each."""
    counts = dict.fromkeys(groups, 0)
    while budget > 0 and any(counts[g] < len(m) for g, m in groups.items()):
        for kinds, members in groups.items():
            if budget > 0 and counts[kinds] < len(members):
                counts[kinds] += 1
                budget -= 1
    picked = []
    for kinds, members in groups.items():
        k, n = counts[kinds], len(members)
        picked += [members[round(i * (n - 1) / (k - 1)) if k > 1 else 0] for i in range(k)]
    return picked


def _mostly_articles(group: list[str], verdict: dict[str, bool]) -> bool:
    seen = [verdict[u] for u in group if u in verdict]
    return bool(seen) and sum(seen) * 2 > len(seen)


def fetch_sample(fetcher: Fetcher, url: str) -> Sample:
    """One sampled page: is it an article, and the dates it states with their offsets."""
    got = fetcher.get(url)
    if got is None or got.status != 200:
        return Sample(url, False, [])
    try:
        return Sample(url, *page_facts(got.body))
    except (etree.ParserError, ValueError):  # empty or not HTML
        return Sample(url, False, [])


def _place(proposal: Proposal, tree: lxml_html.HtmlElement, hosts: set[str],
           entries: list[Entry], checked: list[Sample]) -> None:
    """Country and timezone, from the pages' offsets and the site's ccTLD / locale / lang."""
    host = sorted(hosts)[0]
    lang = (tree.get("lang") or "").strip()
    locale = tree.xpath("string(//meta[@property='og:locale']/@content)")
    said = country_of(host, locale, lang)
    dates = [d for e in entries for d in (aware_date(e.date), aware_date(e.modified)) if d]
    dates += [d for s in checked for d in s.dates]
    zone = guess_zone(dates, said[0] if said else None, lang.lower().startswith("ar"))
    proposal.timezone, proposal.country = zone.zone, said[0] if said else zone.country
    fits = f"; also fits: {', '.join(zone.also_fit[:4])}" if zone.also_fit else ""
    proposal.guesses.append(f"timezone: {zone.evidence}{fits}")
    proposal.guesses.append("country: from " + (said[1] if said else "the timezone (no ccTLD, "
                                                "og:locale or html lang region)"))
    own = [] if is_ip(host) else [VARIANT_HOST.sub("", host)]
    others = {urlsplit(s).hostname or "" for s in proposal.feeds + proposal.sitemaps if "//" in s}
    proposal.domains = tuple(own + sorted(h for h in others if not on_hosts(h, [*own, host])))

"""A news site of any size on 127.0.0.1, generated on the fly from the bundled site (alwaha).

`BigSite(n)` serves the bundled site with n more articles, each made from one of its UTF-8 article
pages with its own id, URL and headline, and the words of each paragraph shuffled in an order of
its own, all listed in the site's monthly sitemap. Shuffled, no two articles are one story (a
site's own articles are not copies of each other): the story index sees a site, not one story
in thousands of copies, which would make every article compare with every copy. Nothing is
written to disk, so 20,000 pages cost nothing to build; the alwaha spider crawls it as it crawls
the demo site.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from crawler.demo.localsite import SITES_DIR, LocalSite

FIRST_ID = 100_000
ID_MARK = "\x00ID\x00"
ARTICLE_PATH = re.compile(r"^/[a-z]+/\d{4}/\d{2}/\d{2}/(\d+)$")
MONTH_SITEMAP, OTHER_SITEMAPS = "/sitemaps/2026-11.xml", ("/sitemaps/news.xml",
                                                           "/sitemaps/2026-10.xml")
EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>')
# The bundled pages that must not become articles (a photo gallery): no template for articles.
NOT_ARTICLES = frozenset({"1900"})
PARAGRAPH = re.compile(rb"(<p>)([^<]+)(</p>)")
CANONICAL = re.compile(r'<link rel="canonical" href="\{\{ORIGIN\}\}(/[a-z]+/\d{4}/\d{2}/\d{2}/)'
                       r'(\d+)')


@dataclass(frozen=True)
class Template:
    page: str
    prefix: str  # the canonical path up to the id: /politics/2026/10/01/
    article_id: str


def templates() -> list[Template]:
    """The bundled site's UTF-8 article pages that declare a canonical URL (and are articles)."""
    found = []
    for file in sorted((SITES_DIR / "alwaha" / "www" / "articles").glob("*.html")):
        try:
            page = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # the pages that test other charsets
            continue
        if (match := CANONICAL.search(page)) and match.group(2) not in NOT_ARTICLES:
            found.append(Template(page, match.group(1), match.group(2)))
    return found


def variant(template: Template, article_id: int | str) -> str:
    """The template as article `article_id`: its own URLs, headline and first paragraph."""
    own_url = re.compile(rf"(/\d{{4}}/\d{{2}}/\d{{2}}/){template.article_id}(/[^\"<\s]*)?")
    page = own_url.sub(lambda m: f"{m.group(1)}{article_id}", template.page)
    page = re.sub(r"(<h1[^>]*>)", rf"\g<1>{article_id} ", page, count=1)
    return page.replace("<p>", f"<p>الخبر رقم {article_id}: ", 1)


def _prepared(template: Template, origin: str) -> list[bytes]:
    """The variant cut where the id goes, so that serving a page is one join (the server
    shares the machine's cores with the crawl it serves)."""
    return [part.replace("{{ORIGIN}}", origin).encode("utf-8")
            for part in variant(template, ID_MARK).split(ID_MARK)]


def shuffled(page: bytes, seed: int) -> bytes:
    """The page with the words of each plain paragraph in an order of the seed's."""
    rng = random.Random(seed)

    def shuffle(match: re.Match[bytes]) -> bytes:
        words = match.group(2).split()
        rng.shuffle(words)
        return match.group(1) + b" ".join(words) + match.group(3)

    return PARAGRAPH.sub(shuffle, page)


def generated_page(parts: list[bytes], number: int) -> bytes:
    """Generated article `number` from its template's prepared parts."""
    return shuffled(str(FIRST_ID + number).encode().join(parts), number)


def generated_articles(count: int, origin: str) -> Iterator[tuple[str, bytes]]:
    """(URL, page) of the first `count` generated articles, as BigSite serves them at `origin`,
    without a server (bench/warcingest.py archives them)."""
    known = templates()
    prepared = [_prepared(t, origin) for t in known]
    for number in range(count):
        k = number % len(known)
        yield f"{origin}{known[k].prefix}{FIRST_ID + number}", generated_page(prepared[k], number)


class BigSite(LocalSite):
    """The bundled site plus `articles` generated articles; `served` counts article pages."""

    def __init__(self, articles: int) -> None:
        super().__init__("alwaha")
        self.articles = articles
        self.templates = templates()
        self.served = 0
        self.first_served: float | None = None
        self.last_served: float | None = None
        self._count_lock = threading.Lock()
        self._parts: list[list[bytes]] = []

    def resolve(self, path: str) -> tuple[int, str, bytes]:
        if (match := ARTICLE_PATH.match(path)) and int(match.group(1)) >= FIRST_ID:
            number = int(match.group(1)) - FIRST_ID
            if number < self.articles:
                self._count()
                page = generated_page(self._parts[number % len(self._parts)], number)
                return 200, "text/html; charset=utf-8", page
        if path == MONTH_SITEMAP:
            return 200, "application/xml", self._sitemap()
        if path in OTHER_SITEMAPS:
            return 200, "application/xml", EMPTY_SITEMAP
        return super().resolve(path)

    def start(self) -> BigSite:
        super().start()
        self._parts = [_prepared(t, self.origin) for t in self.templates]
        return self

    def _count(self) -> None:
        now = time.monotonic()
        with self._count_lock:
            self.served += 1
            self.first_served = self.first_served or now
            self.last_served = now

    def _sitemap(self) -> bytes:
        k = len(self.templates)
        urls = "".join(f"<url><loc>{self.origin}{self.templates[i % k].prefix}{FIRST_ID + i}"
                       "</loc></url>" for i in range(self.articles))
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{urls}</urlset>').encode()


"""Items: what the spiders hand to the pipelines.

A `PageItem` is a fetched page before extraction: the raw response and what discovery said about
it. A `RejectItem` is a URL the crawl touched that will not become an article, with the reason.
The pipelines turn a PageItem into a plain article dict (see pipelines/), and the writer a
RejectItem into a row of output/rejects/. Where a field is stored under another name, or read
and not stored, is said once here (PAGE_COLUMNS, PAGE_READ_ONLY, REJECT_COLUMNS);
tests/test_facts.py checks each against the datasets' columns.
"""

from __future__ import annotations

import scrapy


class PageItem(scrapy.Item):
    url = scrapy.Field()  # final URL of the response (after redirects)
    request_url = scrapy.Field()  # URL as discovered
    status = scrapy.Field()
    headers = scrapy.Field()  # {lower-case name: first value}
    body = scrapy.Field()  # bytes as served
    fetched_at = scrapy.Field()  # aware UTC datetime
    site = scrapy.Field()  # spider name
    site_domains = scrapy.Field()  # the site's hosts (its canonical links are trusted there)
    site_timezone = scrapy.Field()  # IANA name, for dates written without an offset
    site_first_article = scrapy.Field()  # date of the site's first article, or None
    site_overrides = scrapy.Field()  # per-site extraction overrides (dict)
    discovery = scrapy.Field()  # {"via": feed|sitemap|links, "source": URL, "title", "date", ...}
    window = scrapy.Field()  # [since, until] of the run (ISO 8601 or None)
    site_country = scrapy.Field()  # ISO code of the outlet's country, or None
    site_agency = scrapy.Field()  # the agency the site itself is (NewsSpider.agency), or None
    source = scrapy.Field()  # crawl | warc | reextract
    warc_file = scrapy.Field()  # the WARC file holding the response, when archived or read
    warc_offset = scrapy.Field()  # the response record's offset in warc_file


class RejectItem(scrapy.Item):
    url = scrapy.Field()
    site = scrapy.Field()
    stage = scrapy.Field()  # discover | fetch | parse | extract | dedup ...
    reason = scrapy.Field()  # short machine-readable code, e.g. http_404, not_article
    detail = scrapy.Field()  # one line for a person
    status = scrapy.Field()  # HTTP status when there was a response
    fetched_at = scrapy.Field()
    source = scrapy.Field()
    warc_file = scrapy.Field()
    warc_offset = scrapy.Field()


# PageItem field -> the article column it is copied to (pipelines/extract/stage.py)
PAGE_COLUMNS = {"url": "fetched_url", "request_url": "requested_url", "status": "http_status",
                "fetched_at": "fetched_at", "site": "site",
                "source": "source", "warc_file": "warc_file", "warc_offset": "warc_offset"}
# PageItem fields the stages read and do not store as such (the body and headers are read for
# the article's fields, discovery for its dates, keywords and `discovered_via`)
PAGE_READ_ONLY = frozenset({"headers", "body", "site_domains", "site_timezone", "site_overrides",
                            "site_first_article", "discovery", "window",
                            "site_country", "site_agency"})
# RejectItem field -> its column in output/rejects/ (the writer renames `status`)
REJECT_COLUMNS = {"url": "url", "site": "site", "stage": "stage", "reason": "reason",
                  "detail": "detail", "status": "http_status", "fetched_at": "fetched_at",
                  "source": "source", "warc_file": "warc_file", "warc_offset": "warc_offset"}


def passes_through(item: object) -> bool:
    """True for items a stage must hand on untouched (rejects recorded upstream)."""
    return isinstance(item, RejectItem)

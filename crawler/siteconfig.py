"""A site's configuration, checked when the catalogue loads (crawler/sites.py): the attributes of
its spider class, its `overrides` and its per-site Scrapy settings (`custom_settings`).

Each override key is read by one pipeline module, and that module names what it reads: the
extract stage its keys and what their values are (pipelines.extract.page.SITE_OVERRIDES), the
dates stage its flags (DATE_FLAGS), section tagging its taxonomy (TAXONOMY), the tag stage the
language codes it knows (LANGUAGE_CODES). They are imported here, never restated, so a misspelt
key is an error that names the site, the key and what the code accepts:

    site "youm7": overrides["dates"]: unknown key "utc_marker_is_locl"; allowed: no_offset_is_utc,
    utc_marker_is_local

The overrides are gathered and checked in crawler/siteoverrides.py; the stages keep reading the
plain dict (it travels in the page record, also to worker processes), and `SiteOverrides` is its
checked, typed form. crawler/sitechecks.py holds what the checks share.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.sitechecks import (
    Check,
    Problem,
    SiteConfigError,
    compile_error,
    compiles,
    hint,
    shown,
    unless,
)
from crawler.siteoverrides import override_problems
from crawler.spiders.base import NewsSpider
from pipelines.agencies import AGENCIES

# -- the spider's attributes: how each is checked, what is allowed ---------------------------

def _url(value: Any) -> Iterator[Problem]:
    try:
        parts = urlsplit(value)
    except (AttributeError, TypeError, ValueError):
        parts = None
    yield from unless(parts is not None and parts.scheme in ("http", "https")
                       and bool(parts.hostname), value)


def _strings(value: Any) -> Iterator[Problem]:
    comma = f" (a one-item tuple needs a comma: ({value!r},))" if isinstance(value, str) else ""
    yield from unless(isinstance(value, tuple) and all(isinstance(v, str) for v in value), value,
                       f"got {shown(value)}{comma}")


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _timezone(value: Any) -> Iterator[Problem]:
    if not (isinstance(value, str) and value in _zones()):
        yield Problem(f"unknown timezone {shown(value)}{hint(value, _zones())}")


def _archive_url(value: Any) -> Iterator[Problem]:
    problem = "" if value == "" else compile_error(
        lambda v: v.format(date=date(2024, 1, 15)), value)
    if not problem and value and not any(f for _, f, _, _ in string.Formatter().parse(value)):
        problem = f"{shown(value)} has no {{date}} field: every day would be the same page"
    yield from unless(not problem, value, problem)


ATTRIBUTES: dict[str, tuple[Check, str]] = {
    "name": (lambda v: unless(isinstance(v, str) and bool(re.fullmatch(r"[a-z0-9_]+", v)), v),
             "lower-case letters, digits and _"),
    "home": (_url, 'an absolute http(s) URL, e.g. "https://example.com/"'),
    "domains": (_strings, "a tuple of strings"),
    "country": (lambda v: unless(v == "" or isinstance(v, str) and bool(re.fullmatch(
        r"[A-Z]{2}", v)), v), 'an ISO 3166-1 alpha-2 code in upper case, e.g. "EG", or ""'),
    "feeds": (_strings, "a tuple of strings"),
    "sitemaps": (_strings, "a tuple of strings"),
    "sections": (_strings, "a tuple of strings"),
    "archive_url": (_archive_url,
                    'a path or URL with a {date} field, e.g. "/archive/{date:%Y/%m/%d}/", or ""'),
    "article_pattern": (lambda v: compiles(re.compile, v),
                        'a Python regular expression ("": any page of the site)'),
    "timezone": (_timezone, 'an IANA timezone, e.g. "Africa/Cairo"'),
    "first_article": (lambda v: unless(v is None or isinstance(v, date), v),
                      "a datetime.date, e.g. date(2004, 3, 1), or None"),
    "agency": (lambda v: unless(v == "" or v in {a.name for a in AGENCIES}, v),
               'the name of an agency in pipelines/agencies.tsv, e.g. "Anadolu", or ""'),
    "live": (lambda v: unless(isinstance(v, bool), v), "True or False"),
}


# -- per-site Scrapy settings ----------------------------------------------------------------

SETTINGS_ALLOWED = "a setting of crawler/settings.py or of Scrapy's defaults"


@cache
def known_settings() -> frozenset[str]:
    """The names of Scrapy's default settings and of crawler/settings.py."""
    settings = Settings()
    settings.setmodule(project_settings)
    return frozenset(settings.keys())


def settings_problems(site: str, custom: Any) -> list[SiteConfigError]:
    """Every problem of a site's `custom_settings`: not a dict, or a name no setting has."""
    if custom is None:
        return []
    if not isinstance(custom, Mapping):
        return [SiteConfigError(site, "custom_settings", f"got {shown(custom)}",
                                f"a dict: setting name -> value, the name {SETTINGS_ALLOWED}")]
    return [SiteConfigError(site, f'custom_settings["{name}"]',
                            f"unknown setting{hint(name, known_settings())}", SETTINGS_ALLOWED)
            for name in custom if name not in known_settings()]


# -- the whole site --------------------------------------------------------------------------

def site_problems(spider: type[NewsSpider]) -> list[SiteConfigError]:
    """Every problem of a site's configuration, in the order of its attributes."""
    site = str(getattr(spider, "name", "") or spider.__name__)
    found = [SiteConfigError(site, attr, p.problem, allowed)
             for attr, (check, allowed) in ATTRIBUTES.items()
             for p in check(getattr(spider, attr, None))]
    found += override_problems(site, spider.overrides)
    found += settings_problems(site, spider.custom_settings)
    return found + _unknown_attributes(site, spider)


def _unknown_attributes(site: str, spider: type[NewsSpider]) -> list[SiteConfigError]:
    """Attributes the site sets that NewsSpider does not have: misspelt, so never read."""
    declared = [*ATTRIBUTES, "overrides", "custom_settings"]
    known = set(dir(NewsSpider)) | {k for c in NewsSpider.__mro__
                                    for k in getattr(c, "__annotations__", {})}
    return [SiteConfigError(site, key, f"unknown attribute{hint(key, declared)}",
                            ", ".join(declared))
            for key in vars(spider) if not key.startswith("_") and key not in known]


def catalogue_problems(classes: Mapping[str, type[NewsSpider]]) -> list[SiteConfigError]:
    """Every problem of every site, site by site."""
    return [problem for spider in classes.values() for problem in site_problems(spider)]


"""A site's configuration, checked when the catalogue loads (crawler/sites.py): the attributes of
its spider class, its `overrides` and its per-site Scrapy settings (`custom_settings`).

Each override key is read by one pipeline module, and that module names what it reads: the
extract stage its keys and what their values are (pipelines.extract.page.SITE_OVERRIDES), the
dates stage its flags (DATE_FLAGS), section tagging its taxonomy (TAXONOMY), the tag stage the
language codes it knows (LANGUAGE_CODES). They are imported here, never restated, so a misspelt
key is an error that names the site, the key and what the code accepts:

    site "youm7": overrides["dates"]: unknown key "utc_marker_is_locl"; allowed: no_offset_is_utc,
    utc_marker_is_local

The stages keep reading the plain dict (it travels in the page record, also to worker
processes); `SiteOverrides` is its checked, typed form.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from lxml import etree
from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.spiders.base import NewsSpider
from pipelines.agencies import AGENCIES


class SiteConfigError(ValueError):
    """One problem of a site's configuration, on one line: the site, the key, what is wrong and
    what is allowed."""

    def __init__(self, site: str, key: str, problem: str, allowed: str = "") -> None:
        self.site, self.key, self.problem, self.allowed = site, key, problem, allowed
        text = f'site "{site}": {key}: {problem}'
        super().__init__(f"{text}; allowed: {allowed}" if allowed else text)


class CatalogueError(ValueError):
    """The catalogue did not load. `problems` holds every problem found, one line each; the
    message is the first one and how many more there are."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = len(problems) - 1
        super().__init__(problems[0] + (f" (and {more} more: akhbar sites --check)" if more
                                        else ""))


@dataclass(frozen=True)
class Problem:
    """What is wrong with a value, where inside it, and what is allowed ("": what the key allows
    as a whole)."""

    problem: str
    at: str = ""  # e.g. '["utc_marker_is_local"]' inside the dict of overrides["dates"]
    allowed: str = ""


Check = Callable[[Any], Iterator[Problem]]


def _shown(value: Any) -> str:
    """A value as an error shows it: a string in double quotes, anything else with its type."""
    text = f'"{value}"' if isinstance(value, str) else f"{type(value).__name__} {value!r}"
    return text if len(text) <= 60 else text[:57] + "..."


def _hint(value: Any, choices: Any) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1) if isinstance(value, str) else []
    return f' (did you mean "{close[0]}"?)' if close else ""


def _unless(ok: bool, value: Any, problem: str = "") -> Iterator[Problem]:
    if not ok:
        yield Problem(problem or f"got {_shown(value)}")


def _compiles(compile_: Callable[[str], object], value: Any) -> Iterator[Problem]:
    error = _error(compile_, value)
    if error:
        yield Problem(error)


def _error(compile_: Callable[[str], object], value: Any) -> str:
    """Why `value` does not compile ("" when it does)."""
    if not isinstance(value, str):
        return f"got {_shown(value)}"
    try:
        compile_(value)
    except (re.error, etree.XPathSyntaxError, AttributeError, IndexError, KeyError,
            ValueError) as exc:
        return f"{_shown(value)}: {type(exc).__name__}: {exc}"
    return ""


# -- the spider's attributes: how each is checked, what is allowed ---------------------------

def _url(value: Any) -> Iterator[Problem]:
    try:
        parts = urlsplit(value)
    except (AttributeError, TypeError, ValueError):
        parts = None
    yield from _unless(parts is not None and parts.scheme in ("http", "https")
                       and bool(parts.hostname), value)


def _strings(value: Any) -> Iterator[Problem]:
    comma = f" (a one-item tuple needs a comma: ({value!r},))" if isinstance(value, str) else ""
    yield from _unless(isinstance(value, tuple) and all(isinstance(v, str) for v in value), value,
                       f"got {_shown(value)}{comma}")


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _timezone(value: Any) -> Iterator[Problem]:
    if not (isinstance(value, str) and value in _zones()):
        yield Problem(f"unknown timezone {_shown(value)}{_hint(value, _zones())}")


def _archive_url(value: Any) -> Iterator[Problem]:
    problem = "" if value == "" else _error(lambda v: v.format(date=date(2024, 1, 15)), value)
    if not problem and value and not any(f for _, f, _, _ in string.Formatter().parse(value)):
        problem = f"{_shown(value)} has no {{date}} field: every day would be the same page"
    yield from _unless(not problem, value, problem)


ATTRIBUTES: dict[str, tuple[Check, str]] = {
    "name": (lambda v: _unless(isinstance(v, str) and bool(re.fullmatch(r"[a-z0-9_]+", v)), v),
             "lower-case letters, digits and _"),
    "home": (_url, 'an absolute http(s) URL, e.g. "https://example.com/"'),
    "domains": (_strings, "a tuple of strings"),
    "country": (lambda v: _unless(v == "" or isinstance(v, str) and bool(re.fullmatch(
        r"[A-Z]{2}", v)), v), 'an ISO 3166-1 alpha-2 code in upper case, e.g. "EG", or ""'),
    "feeds": (_strings, "a tuple of strings"),
    "sitemaps": (_strings, "a tuple of strings"),
    "sections": (_strings, "a tuple of strings"),
    "archive_url": (_archive_url,
                    'a path or URL with a {date} field, e.g. "/archive/{date:%Y/%m/%d}/", or ""'),
    "article_pattern": (lambda v: _compiles(re.compile, v),
                        'a Python regular expression ("": any page of the site)'),
    "timezone": (_timezone, 'an IANA timezone, e.g. "Africa/Cairo"'),
    "first_article": (lambda v: _unless(v is None or isinstance(v, date), v),
                      "a datetime.date, e.g. date(2004, 3, 1), or None"),
    "agency": (lambda v: _unless(v == "" or v in {a.name for a in AGENCIES}, v),
               'the name of an agency in pipelines/agencies.tsv, e.g. "Anadolu", or ""'),
    "live": (lambda v: _unless(isinstance(v, bool), v), "True or False"),
}


# -- overrides: each key, the module that reads it, what its value may be --------------------

def _xpath(value: Any) -> Iterator[Problem]:
    yield from _compiles(etree.XPath, value)


def _xpaths(value: Any) -> Iterator[Problem]:
    yield from _unless(isinstance(value, list | tuple), value)
    for i, item in enumerate(value if isinstance(value, list | tuple) else ()):
        yield from (Problem(p.problem, f"[{i}]", "an XPath expression") for p in _xpath(item))


def _flags(names: tuple[str, ...]) -> Check:
    def check(value: Any) -> Iterator[Problem]:
        yield from _unless(isinstance(value, Mapping), value)
        for key, flag in value.items() if isinstance(value, Mapping) else ():
            if key not in names:
                yield Problem(f'unknown key "{key}"{_hint(key, names)}', "", ", ".join(names))
            elif not isinstance(flag, bool):
                yield Problem(f"got {_shown(flag)}", f'["{key}"]', "True or False")
    return check


def _labels(taxonomy: tuple[str, ...]) -> Check:
    def check(value: Any) -> Iterator[Problem]:
        yield from _unless(isinstance(value, Mapping), value)
        for label, section in value.items() if isinstance(value, Mapping) else ():
            if section not in taxonomy:
                yield Problem(f"unknown section {_shown(section)}{_hint(section, taxonomy)}",
                              f"[{_shown(label)}]", ", ".join(taxonomy))
    return check


@dataclass(frozen=True)
class Override:
    """A key of a spider's `overrides`: the module that reads it and what its value may be."""

    reader: str
    allowed: str
    check: Check


VALUE_KINDS: dict[str, tuple[str, Check]] = {  # the kinds of value the extract stage declares
    "xpath": ("an XPath expression", _xpath),
    "xpaths": ("a list of XPath expressions", _xpaths),
}
@cache
def overrides_table() -> dict[str, Override]:
    """Every override key, from the stage modules that read them (imported here, when a site is
    checked, so that commands which never load the catalogue do not load the stages)."""
    from pipelines.dates import stage as dates_stage
    from pipelines.dates.forms import site_url_form
    from pipelines.extract import page as extract_page
    from pipelines.tag import sections as section_tags
    from pipelines.tag import stage as tag_stage

    return {
        **{key: Override(extract_page.__name__, *VALUE_KINDS[kind])
           for key, kind in extract_page.SITE_OVERRIDES.items()},
        dates_stage.DATES_OVERRIDE: Override(
            dates_stage.__name__, f"a dict of flags ({', '.join(dates_stage.DATE_FLAGS)}) -> True",
            _flags(dates_stage.DATE_FLAGS)),
        dates_stage.URL_DATE_OVERRIDE: Override(
            dates_stage.__name__, "a regular expression over the URL path with the named groups "
            "year, month and day", lambda v: _compiles(site_url_form, v)),
        section_tags.SECTIONS_OVERRIDE: Override(
            section_tags.__name__, "a dict: the site's section label -> one of "
            + ", ".join(section_tags.TAXONOMY), _labels(section_tags.TAXONOMY)),
        tag_stage.LANGUAGE_OVERRIDE: Override(
            tag_stage.__name__, "an ISO 639-1 code lingua knows, e.g. "
            + ", ".join(tag_stage.DEFAULT_LANGUAGES),
            lambda v: _unless(v in tag_stage.LANGUAGE_CODES, v)),
    }


def override_problems(site: str, overrides: Any) -> list[SiteConfigError]:
    """Every problem of a site's `overrides` dict: unknown keys, values of the wrong type."""
    table = overrides_table()
    if not isinstance(overrides, Mapping):
        return [SiteConfigError(site, "overrides", f"got {_shown(overrides)}",
                                "a dict with keys " + ", ".join(sorted(table)))]
    found: list[SiteConfigError] = []
    for key, value in overrides.items():
        if key not in table:
            found.append(SiteConfigError(site, "overrides", f'unknown key "{key}"'
                                         f"{_hint(key, table)}", ", ".join(sorted(table))))
            continue
        found += [SiteConfigError(site, f'overrides["{key}"]{p.at}', p.problem,
                                  p.allowed or table[key].allowed)
                  for p in table[key].check(value)]
    return found


@dataclass(frozen=True)
class SiteOverrides:
    """A site's `overrides`, checked and typed; one field per key of overrides_table() (a test
    keeps the two equal)."""

    body_xpath: str | None = None
    prune_xpaths: tuple[str, ...] = ()
    dates: Mapping[str, bool] = field(default_factory=dict)
    url_date: str | None = None
    sections: Mapping[str, str] = field(default_factory=dict)
    language: str | None = None

    @classmethod
    def from_dict(cls, site: str, overrides: Any) -> SiteOverrides:
        """The typed form of a site's `overrides`; SiteConfigError for the first problem."""
        problems = override_problems(site, overrides)
        if problems:
            raise problems[0]
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in overrides.items()})


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
        return [SiteConfigError(site, "custom_settings", f"got {_shown(custom)}",
                                f"a dict: setting name -> value, the name {SETTINGS_ALLOWED}")]
    return [SiteConfigError(site, f'custom_settings["{name}"]',
                            f"unknown setting{_hint(name, known_settings())}", SETTINGS_ALLOWED)
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
    return [SiteConfigError(site, key, f"unknown attribute{_hint(key, declared)}",
                            ", ".join(declared))
            for key in vars(spider) if not key.startswith("_") and key not in known]


def catalogue_problems(classes: Mapping[str, type[NewsSpider]]) -> list[SiteConfigError]:
    """Every problem of every site, site by site."""
    return [problem for spider in classes.values() for problem in site_problems(spider)]


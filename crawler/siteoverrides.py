"""The keys of a spider's `overrides`: each is read by one pipeline module, which names what it
reads (crawler/siteconfig.py's docstring); here they are gathered, with what each value may be,
and a site's dict is checked against them (`override_problems`, `SiteOverrides`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lxml import etree

from crawler.sitechecks import (
    Check,
    Problem,
    SiteConfigError,
    compiles,
    hint,
    shown,
    unless,
)


def _xpath(value: Any) -> Iterator[Problem]:
    yield from compiles(etree.XPath, value)


def _xpaths(value: Any) -> Iterator[Problem]:
    yield from unless(isinstance(value, list | tuple), value)
    for i, item in enumerate(value if isinstance(value, list | tuple) else ()):
        yield from (Problem(p.problem, f"[{i}]", "an XPath expression") for p in _xpath(item))


def _flags(names: tuple[str, ...]) -> Check:
    def check(value: Any) -> Iterator[Problem]:
        yield from unless(isinstance(value, Mapping), value)
        for key, flag in value.items() if isinstance(value, Mapping) else ():
            if key not in names:
                yield Problem(f'unknown key "{key}"{hint(key, names)}', "", ", ".join(names))
            elif not isinstance(flag, bool):
                yield Problem(f"got {shown(flag)}", f'["{key}"]', "True or False")
    return check


def _labels(taxonomy: tuple[str, ...]) -> Check:
    def check(value: Any) -> Iterator[Problem]:
        yield from unless(isinstance(value, Mapping), value)
        for label, section in value.items() if isinstance(value, Mapping) else ():
            if section not in taxonomy:
                yield Problem(f"unknown section {shown(section)}{hint(section, taxonomy)}",
                              f"[{shown(label)}]", ", ".join(taxonomy))
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
            "year, month and day", lambda v: compiles(site_url_form, v)),
        section_tags.SECTIONS_OVERRIDE: Override(
            section_tags.__name__, "a dict: the site's section label -> one of "
            + ", ".join(section_tags.TAXONOMY), _labels(section_tags.TAXONOMY)),
        tag_stage.LANGUAGE_OVERRIDE: Override(
            tag_stage.__name__, "an ISO 639-1 code lingua knows, e.g. "
            + ", ".join(tag_stage.DEFAULT_LANGUAGES),
            lambda v: unless(v in tag_stage.LANGUAGE_CODES, v)),
    }


def override_problems(site: str, overrides: Any) -> list[SiteConfigError]:
    """Every problem of a site's `overrides` dict: unknown keys, values of the wrong type."""
    table = overrides_table()
    if not isinstance(overrides, Mapping):
        return [SiteConfigError(site, "overrides", f"got {shown(overrides)}",
                                "a dict with keys " + ", ".join(sorted(table)))]
    found: list[SiteConfigError] = []
    for key, value in overrides.items():
        if key not in table:
            found.append(SiteConfigError(site, "overrides", f'unknown key "{key}"'
                                         f"{hint(key, table)}", ", ".join(sorted(table))))
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

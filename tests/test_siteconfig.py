"""Site configuration is checked when the catalogue loads: every bundled site passes; a misspelt
key, a bad zone, a value of the wrong kind or an unknown setting is an error that names the
site, the key and what is allowed (taken from the module that reads it); `akhbar sites --check`
and `akhbar crawl` say so on the command line, for a bad site written to a real spider module."""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.catalogue import catalogue_markdown
from crawler.sitechecks import CatalogueError, SiteConfigError
from crawler.siteconfig import catalogue_problems, site_problems
from crawler.siteoverrides import SiteOverrides, overrides_table
from crawler.sites import site_classes
from crawler.spiders.base import NewsSpider
from pipelines.dates.stage import DATE_FLAGS
from pipelines.extract.page import SITE_OVERRIDES
from pipelines.tag.sections import TAXONOMY
from tests.sitefixtures import run_cli

GOOD = {"name": "goodsite", "home": "https://www.example.com/", "domains": ("example.com",),
        "country": "EG", "feeds": ("/rss",), "article_pattern": r"^/news/\d+",
        "timezone": "Africa/Cairo"}


def site(**attributes: Any) -> type[NewsSpider]:
    """A site class as a spider module declares one: GOOD with `attributes` on top."""
    return type("ExampleSpider", (NewsSpider,), {"__doc__": "An example.", **GOOD, **attributes})


def problems_of(**attributes: Any) -> list[str]:
    return [str(p) for p in site_problems(site(**attributes))]


def test_every_bundled_site_passes_the_check():
    classes = site_classes(check=False)
    assert len(classes) >= 40
    assert [str(p) for p in catalogue_problems(classes)] == []
    assert site_classes() == classes


def test_a_misspelt_date_flag_names_the_site_the_key_and_the_flags_the_dates_stage_reads():
    assert problems_of(overrides={"dates": {"utc_marker_is_locl": True}}) == [
        'site "goodsite": overrides["dates"]: unknown key "utc_marker_is_locl" (did you mean '
        f'"utc_marker_is_local"?); allowed: {", ".join(DATE_FLAGS)}']
    assert DATE_FLAGS == ("no_offset_is_utc", "utc_marker_is_local")


def test_a_misspelt_override_key_lists_every_key_the_stages_read():
    (problem,) = problems_of(overrides={"body_xpth": "//article"})
    assert problem.startswith('site "goodsite": overrides: unknown key "body_xpth" (did you mean '
                              '"body_xpath"?); allowed: ')
    assert problem.split("allowed: ")[1].split(", ") == sorted(overrides_table())
    assert {"body_xpath", "prune_xpaths", "dates", "sections", "language"} <= set(overrides_table())


def test_a_bad_timezone_names_the_zone_and_suggests_the_right_one():
    assert problems_of(timezone="Africa/Cairro") == [
        'site "goodsite": timezone: unknown timezone "Africa/Cairro" (did you mean '
        '"Africa/Cairo"?); allowed: an IANA timezone, e.g. "Africa/Cairo"']


@pytest.mark.parametrize(("overrides", "key", "allowed"), [
    ({"body_xpath": 3}, 'overrides["body_xpath"]', "an XPath expression"),
    ({"body_xpath": "//div["}, 'overrides["body_xpath"]', "an XPath expression"),
    ({"prune_xpaths": "//aside"}, 'overrides["prune_xpaths"]', "a list of XPath expressions"),
    ({"prune_xpaths": ["//aside", "//nav["]}, 'overrides["prune_xpaths"][1]',
     "an XPath expression"),
    ({"dates": {"utc_marker_is_local": "yes"}}, 'overrides["dates"]["utc_marker_is_local"]',
     "True or False"),
    ({"dates": ["utc_marker_is_local"]}, 'overrides["dates"]', "no_offset_is_utc"),
    ({"sections": {"سياسة": "politic"}}, 'overrides["sections"]["سياسة"]', ", ".join(TAXONOMY)),
    ({"sections": ["politics"]}, 'overrides["sections"]', ", ".join(TAXONOMY)),
    ({"language": "arabic"}, 'overrides["language"]', "an ISO 639-1 code"),
    ({"url_date": r"/(\d{4})/(\d\d)/(\d\d)/"}, 'overrides["url_date"]', "named groups"),
    ({"url_date": "/(?P<year>[0-9"}, 'overrides["url_date"]', "named groups"),
    ("dates", "overrides", "a dict with keys"),
])
def test_an_override_value_of_the_wrong_kind_names_the_key_and_what_is_allowed(overrides, key,
                                                                               allowed):
    (problem,) = problems_of(overrides=overrides)
    assert problem.startswith(f'site "goodsite": {key}: ')
    assert allowed in problem.split("; allowed: ")[1]


def test_the_values_the_code_accepts_pass():
    overrides = {"body_xpath": "//article", "prune_xpaths": ["//aside", "//nav"],
                 "dates": {"no_offset_is_utc": True}, "sections": {"سياسة": "politics"},
                 "language": "fa",
                 "url_date": r"^/(?P<year>\d{4})/\w+/(?P<month>\d+)/(?P<day>\d+)/"}
    assert problems_of(overrides=overrides, custom_settings={"DOWNLOAD_DELAY": 2,
                                                             "LEDGER_REFETCH_HOURS": 12}) == []
    typed = SiteOverrides.from_dict("goodsite", overrides)
    assert typed.prune_xpaths == ("//aside", "//nav") and typed.language == "fa"


def test_a_bad_custom_setting_name_is_named_with_the_setting_it_resembles():
    assert problems_of(custom_settings={"DOWNLOAD_DELAI": 2}) == [
        'site "goodsite": custom_settings["DOWNLOAD_DELAI"]: unknown setting (did you mean '
        '"DOWNLOAD_DELAY"?); allowed: a setting of crawler/settings.py or of Scrapy\'s defaults']


@pytest.mark.parametrize(("attributes", "key", "allowed"), [
    ({"home": "/news/"}, "home", "an absolute http(s) URL"),
    ({"home": "ftp://example.com/"}, "home", "an absolute http(s) URL"),
    ({"feeds": "/rss"}, "feeds", "a tuple of strings"),
    ({"domains": ["example.com"]}, "domains", "a tuple of strings"),
    ({"sections": ("/politics", 3)}, "sections", "a tuple of strings"),
    ({"country": "eg"}, "country", "ISO 3166-1 alpha-2"),
    ({"country": "EGY"}, "country", "ISO 3166-1 alpha-2"),
    ({"article_pattern": r"^/news/(\d+"}, "article_pattern", "a Python regular expression"),
    ({"archive_url": "/archive/{day}/"}, "archive_url", "{date} field"),
    ({"archive_url": "/archive/today/"}, "archive_url", "{date} field"),
    ({"live": "no"}, "live", "True or False"),
    ({"name": "Bad Site"}, "name", "lower-case letters"),
    ({"sitemap": ("/sitemap.xml",)}, "sitemap", "sitemaps"),
])
def test_a_bad_attribute_names_the_site_the_attribute_and_what_is_allowed(attributes, key,
                                                                          allowed):
    (problem,) = problems_of(**attributes)
    site_name = attributes.get("name", "goodsite")
    assert problem.startswith(f'site "{site_name}": {key}: ')
    assert allowed in problem.split("; allowed: ")[1]


def test_the_typed_overrides_have_one_field_per_key_the_stages_read():
    assert {f.name for f in fields(SiteOverrides)} == set(overrides_table())
    assert set(SITE_OVERRIDES) <= set(overrides_table())
    with pytest.raises(SiteConfigError, match=r'overrides\["language"\]'):
        SiteOverrides.from_dict("goodsite", {"language": 3})


def test_docs_list_every_override_key_and_the_sites_that_set_them():
    section = catalogue_markdown().split("## Overrides and per-site settings")[1]
    for key, override in overrides_table().items():
        assert f'| `overrides["{key}"]` | {override.reader.replace(".", "/")}.py |' in section
    assert "- youm7: overrides `{'dates': {'utc_marker_is_local': True}}`" in section
    assert "- alwaha: custom_settings `{'DOWNLOAD_DELAY': 0," in section


# -- a bad site in a real spider module -------------------------------------------------------

BAD_SITE = '''
from crawler.spiders.base import NewsSpider


class BadSpider(NewsSpider):
    """A site with two mistakes."""

    name = "badsite"
    home = "https://bad.example.com/"
    country = "EG"
    feeds = ("/rss",)
    timezone = "Africa/Cairo"
    overrides = {"dates": {"utc_marker_is_locl": True}}
    custom_settings = {"DOWNLOAD_DELAI": 2}
'''
FIRST = ('site "badsite": overrides["dates"]: unknown key "utc_marker_is_locl" (did you mean '
         '"utc_marker_is_local"?); allowed: no_offset_is_utc, utc_marker_is_local')
SECOND = 'site "badsite": custom_settings["DOWNLOAD_DELAI"]: unknown setting'


@pytest.fixture
def bad_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A package with the bad site's module, importable here and in `akhbar` child processes;
    its name, for SPIDER_MODULES."""
    package = f"badsites_{uuid4().hex[:8]}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / package / "badsite.py").write_text(BAD_SITE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (str(tmp_path), os.environ.get("PYTHONPATH")) if p))
    return package


def test_the_catalogue_does_not_load_with_a_bad_site_and_says_which(bad_module):
    settings = Settings()
    settings.setmodule(project_settings)
    settings.set("SPIDER_MODULES", ["crawler.spiders", bad_module])
    with pytest.raises(CatalogueError) as caught:
        site_classes(settings)
    assert caught.value.problems[0] == FIRST and caught.value.problems[1].startswith(SECOND)
    assert len(caught.value.problems) == 2  # the bundled sites have none
    assert str(caught.value) == f"{FIRST} (and 1 more: akhbar sites --check)"
    assert "badsite" in site_classes(settings, check=False)


def test_sites_check_prints_one_line_per_problem_and_exits_2_on_a_bad_site(bad_module):
    proc = run_cli("sites", "--check", "-s", f"SPIDER_MODULES=crawler.spiders,{bad_module}",
                   timeout=120)
    assert proc.returncode == 2
    lines = proc.stdout.splitlines()
    assert lines[0] == FIRST and lines[1].startswith(SECOND) and len(lines) == 2
    assert "2 problem(s) in 1 of" in proc.stderr


def test_sites_check_exits_0_on_the_real_catalogue():
    proc = run_cli("sites", "--check", timeout=120)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == "" and "no problems" in proc.stderr


def test_crawl_of_a_bad_site_exits_2_with_one_line_and_writes_nothing(bad_module, tmp_path):
    output = tmp_path / "out"
    for site_name in ("badsite", "alwaha"):  # a good site is not crawled beside a bad one either
        proc = run_cli("crawl", site_name, "-o", str(output), "-s",
                       f"SPIDER_MODULES=crawler.spiders,{bad_module}", timeout=120)
        assert proc.returncode == 2
        assert proc.stderr == f"akhbar: {FIRST} (and 1 more: akhbar sites --check)\n"
        assert proc.stdout == "" and not output.exists()

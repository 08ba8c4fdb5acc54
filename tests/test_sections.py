from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.tag.sections import TAXONOMY, WORDS, from_label, from_url, standard_section

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("label", "section"), [
    ("سياسة", "politics"), ("اقتصاد", "economy"), ("رياضة", "sports"),
    ("كرة القدم", "sports"), ("فن", "culture"), ("أخبار الفن", "culture"),
    ("منوعات", "society"), ("تكنولوجيا", "technology"), ("صحة", "health"),
    ("العالم", "world"), ("عربي ودولي", "world"), ("رأي", "opinion"), ("مقالات", "opinion"),
    ("محليات", "local"), ("الشرق الأوسط", "arab"), ("العالم العربي", "arab"),
    ("عربي وعالمي", "world"), ("حوادث", "society"), ("Politics", "politics"),
    ("Business", "economy"), ("اقتصاد مصر", "economy"), ("رياضة عالمية", "sports"),
])
def test_arabic_and_english_labels_map_to_the_taxonomy(label, section):
    assert from_label(label) == section


def test_a_country_label_is_local_on_that_countrys_site_and_foreign_elsewhere():
    assert from_label("أخبار مصر", "EG") == "local"
    assert from_label("تحقيقات مصرية", "EG") == "local"
    assert from_label("أخبار مصر", "SA") == "arab"
    assert from_label("أخبار فرنسا", "SA") == "world"
    assert from_label("شؤون إماراتية", None) == "local"


def test_unknown_or_generic_labels_map_to_nothing():
    assert from_label("تقارير ومتابعات") is None
    assert from_label("") is None and from_label(None) is None


@pytest.mark.parametrize(("url", "section"), [
    ("https://news.example/arab_world/202601151002003004-slug/", "arab"),
    ("http://news.example/2026/middle_east/1/15/river.flood/index.html", "arab"),
    ("https://www.news.example/news/lifestyle/102030/slug/ar", "society"),
    ("http://127.0.0.1:8000/politics/2026/10/01/1001/slug", "politics"),
    ("https://www.news.example/inside-the-uae/reports-and-features/2026-01-15-1.1234567",
     "local"),
    ("https://www.news.example/story/2026/1/15/وزير-الزراعة-يفتتح-سوق-الجملة/1234567", None),
    ("https://news.example/news/رياضة-الشباب-تفوز-بكأس-المدارس/123", None),  # a headline slug
    ("https://example.com/رياضة", None),  # the last segment is the article's slug
])
def test_url_slugs_name_the_section(url, section):
    assert from_url(url, "AE") == section


def test_the_label_wins_over_the_url_and_a_site_table_wins_over_both():
    article = {"section": "اقتصاد", "url": "http://x.com/sports/1/slug"}
    assert standard_section(article) == "economy"
    article["site_overrides"] = {"sections": {"اقتصاد": "local"}}
    assert standard_section(article) == "local"
    assert standard_section({"section": "تقارير ومتابعات", "url": "http://x.com/sports/1/s"}) == (
        "sports")


def test_the_bundled_sites_labels_map_to_its_own_sections():
    expected = json.loads((ROOT / "tests/sites/alwaha/expected.json").read_text("utf-8"))
    pairs = {(a["section_name"], a["section"]) for a in expected["articles"]}
    assert pairs and all(from_label(label) == section for label, section in pairs)


def test_the_taxonomy_table_only_uses_its_own_names():
    assert set(WORDS) <= set(TAXONOMY)

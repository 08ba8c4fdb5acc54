"""One home per fact: the Arabic script's ranges (pipelines/arabic.py), the Arab League
(pipelines/tag/data/arab_league.tsv), the ledger's fields (pipelines/store/ledger.py), the quality
counters (pipelines/store/quality.py) and the record (pipelines/store/schema.py, crawler/items.py)
are each written once; these tests fail when a copy, a user or the data drift apart."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.catalogue import region_of
from crawler.items import PAGE_COLUMNS, PAGE_READ_ONLY, REJECT_COLUMNS, PageItem, RejectItem
from crawler.ops.health import HISTORY_COLUMNS, QUALITY
from crawler.runs import site_counts
from crawler.writer import ParquetPipeline
from pipelines import Reject
from pipelines.arabic import (
    ASCII_DIGITS,
    BIDI_CONTROLS,
    BLOCKS,
    FOLDED_LETTERS,
    HARAKAT,
    LETTERS,
    MARKS,
    PRESENTATION_FORMS,
    SCRIPT,
    members,
)
from pipelines.chain import process_page
from pipelines.datewords import fold
from pipelines.normalize import searchable
from pipelines.store.ledger import LEDGER_FIELDS, Ledger
from pipelines.store.quality import MIN_WORDS, QUALITY_COUNTERS
from pipelines.store.readers import read_rows
from pipelines.store.schema import ARTICLES, REJECTS, RUNS
from pipelines.tag.places import BY_POPULATION, LATIN_NAMES, MEMBERS, PLACES_FILE, REGIONS
from pipelines.tag.sections import from_label
from tests.test_extract import page_html

ROOT = Path(__file__).resolve().parent.parent
ARABIC_BLOCK = range(0x0600, 0x0700)
# Keys the stages hand along with an article that are no column (read by a later stage).
WORKING_KEYS = {"site_country", "site_first_article", "site_overrides", "site_timezone",
                "window", "site_agency"}
WRITER_COLUMNS = {"run_id", "month"}  # added by the writer to every row


# -- the Arabic script -----------------------------------------------------------------------

def test_the_letters_are_the_letters_of_the_arabic_block_and_the_two_sindhi_signs():
    letters = {c for c in ARABIC_BLOCK if unicodedata.category(chr(c)) == "Lo"}
    assert {ord(c) for c in members(*LETTERS)} == letters | {0x06FD, 0x06FE}


def test_the_marks_are_the_combining_marks_of_the_arabic_block_and_extended_a():
    marks = {ord(c) for c in members(*MARKS)}
    combining = {c for c in ARABIC_BLOCK if unicodedata.category(chr(c)) == "Mn"}
    assert {c for c in marks if c in ARABIC_BLOCK} == combining | {0x06E5, 0x06E6}  # small waw/yeh
    assert all(unicodedata.category(chr(c)) == "Mn" for c in marks - set(ARABIC_BLOCK) - {0x08E2})
    assert [unicodedata.name(c).split()[-1] for c in members(HARAKAT)] == [
        "FATHATAN", "DAMMATAN", "KASRATAN", "FATHA", "DAMMA", "KASRA", "SHADDA", "SUKUN"]


def test_every_arabic_letter_mark_and_digit_of_the_bmp_is_in_a_block():
    named = [chr(c) for c in range(0x10000) if "ARABIC" in unicodedata.name(chr(c), "")
             and unicodedata.category(chr(c))[0] in "LMN"]
    assert named and all(SCRIPT.match(c) for c in named)
    assert not SCRIPT.match("a") and not SCRIPT.match("\u05d0")  # Latin, Hebrew
    assert list(BLOCKS.values()) == sorted(BLOCKS.values())


def test_presentation_forms_are_arabic_letters_and_ligatures_as_printed():
    assigned = [c for c in members(*PRESENTATION_FORMS) if unicodedata.name(c, "")]
    assert all(unicodedata.name(c).startswith(("ARABIC", "ORNATE", "RIAL")) for c in assigned)
    assert "\ufefb" in assigned and "\ufdf2" in assigned and "\ufeff" not in assigned


def test_digits_and_bidi_controls_are_what_their_names_say():
    assert all(unicodedata.digit(c) == int(v) for c, v in ASCII_DIGITS.items())
    assert len(ASCII_DIGITS) == 20
    assert all(unicodedata.category(c) == "Cf" for c in members(*BIDI_CONTROLS))


def test_searching_and_date_matching_fold_the_same_letters_and_digits():
    for variant, letter in FOLDED_LETTERS.items():
        assert searchable(f"ب{variant}ب") == fold(f"ب{variant}ب") == f"ب{letter}ب"
    digits = "".join(ASCII_DIGITS)
    assert searchable(digits) == fold(digits) == "0123456789" * 2


# a range (regex or code points) starting or ending in an Arabic block, written as \uXXXX-\uXXXX,
# 0xXXXX, 0xXXXX or as two Arabic characters around a hyphen
RANGE_ESCAPES = re.compile(r"\\u([0-9a-fA-F]{4})-\\u([0-9a-fA-F]{4})"
                           r"|0x([0-9a-fA-F]{4}), *0x([0-9a-fA-F]{4})")
RANGE_CHARS = re.compile("([\u0600-\u06ff])-([\u0600-\u06ff])")


def test_no_module_but_pipelines_arabic_writes_an_arabic_range():
    def arabic(code: str) -> bool:
        return bool(SCRIPT.match(chr(int(code, 16))))

    found = []
    for path in [*ROOT.glob("pipelines/**/*.py"), *ROOT.glob("crawler/**/*.py"),
                 *ROOT.glob("bench/*.py")]:
        if path.name == "arabic.py" or "demo/sites" in path.as_posix():
            continue
        text = path.read_text(encoding="utf-8")
        for match in RANGE_ESCAPES.finditer(text):
            if any(arabic(code) for code in match.groups() if code):
                found.append(f"{path.relative_to(ROOT)}: {match.group()}")
        found += [f"{path.relative_to(ROOT)}: {m.group()}" for m in RANGE_CHARS.finditer(text)]
    assert found == []


# -- the Arab League ---------------------------------------------------------------------------

def test_the_arab_league_has_22_members_each_ranked_once_and_in_the_gazetteer():
    codes = [m.code for m in MEMBERS]
    assert len(set(codes)) == len(codes) == 22
    assert sorted(m.rank for m in MEMBERS) == list(range(1, 23))
    gazetteer = {line.split("\t")[0] for line in PLACES_FILE.read_text(encoding="utf-8")
                 .splitlines() if "\tcountry\t" in line}
    assert set(codes) <= gazetteer


def test_the_catalogue_the_zone_guess_and_section_tagging_read_the_same_members():
    from crawler.onboard.siteguess import ARAB_COUNTRIES
    assert ARAB_COUNTRIES == BY_POPULATION == tuple(
        m.code for m in sorted(MEMBERS, key=lambda m: m.rank))
    assert BY_POPULATION[:3] == ("EG", "DZ", "SD")
    for member in MEMBERS:
        assert region_of(member.code) == member.region
    assert region_of("FR").startswith("Pan-Arab and international")
    assert list(REGIONS)[:2] == ["Egypt", "Gulf and Arabian Peninsula"]
    for name, code in LATIN_NAMES.items():
        assert from_label(name, site_country=code) == "local"
        assert from_label(name, site_country="XX") == "arab"


# -- the ledger --------------------------------------------------------------------------------

def test_every_ledger_field_is_an_article_column_of_a_type_its_ledger_column_holds(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    for field, target in LEDGER_FIELDS.items():
        table, column = target.split(".")
        declared = {row[1]: row[2] for row in ledger.db.execute(f"PRAGMA table_info({table})")}
        kind = ARTICLES.field(field).type
        wanted = "INTEGER" if pa.types.is_integer(kind) else "TEXT"  # timestamps as ISO 8601
        assert declared[column] == wanted, field
        assert pa.types.is_integer(kind) or pa.types.is_string(kind) or pa.types.is_timestamp(
            kind) or pa.types.is_dictionary(kind), field


# -- the writer: quality counters, the ledger's fields, reject rows ---------------------------

@pytest.fixture
def written(tmp_path):
    """One crawl's writer fed three articles, a RejectItem and an item a stage dropped."""
    crawler = get_crawler(Spider, {"PARQUET_DIR": str(tmp_path)})
    crawler.spider = crawler._create_spider("facts")
    crawler.spider.ledger = Ledger(tmp_path / "ledger.sqlite")
    crawler.stats.open_spider()
    writer = ParquetPipeline.from_crawler(crawler)
    writer.open_spider()
    when = datetime(2026, 1, 2, tzinfo=UTC)
    for n, extra in enumerate([{"published": when, "word_count": MIN_WORDS, "language": "ar"},
                               {"word_count": MIN_WORDS - 1, "language": "ar"},
                               {"published": when, "word_count": 400, "language": "en"}]):
        writer.process_item({"url": f"https://s.test/a/{n}", "site": "facts", "fetched_at": when,
                             "fetched_url": f"https://s.test/a/{n}?utm=1", "version": 1,
                             "requested_url": f"https://s.test/r/{n}", "http_etag": f'"e{n}"',
                             **extra})
    writer.process_item(RejectItem(url="https://s.test/gone", site="facts", stage="fetch",
                                   reason="http_404", detail="gone", status=404, fetched_at=when))
    reject = Reject("extract", "not_article", "a listing")
    reject.page_type_confidence = 0.2
    writer.item_dropped({"url": "https://s.test/list", "site": "facts", "status": 200,
                         "fetched_at": when}, None, reject, crawler.spider)
    writer.close_spider()
    return crawler, tmp_path


def test_each_quality_counter_is_counted_by_the_writer_and_read_by_runs_and_health(written):
    crawler, _ = written
    counts = site_counts(crawler.stats.get_stats())
    assert {q.column: counts[q.column] for q in QUALITY_COUNTERS} == {
        "no_published": 1, "empty_text": 1, "not_arabic": 1}
    for q in QUALITY_COUNTERS:
        assert RUNS.field(q.column).metadata[b"description"].decode() == q.written
        assert q.column in HISTORY_COLUMNS and QUALITY[q.column] == q.flagged
    assert str(MIN_WORDS) in QUALITY["empty_text"]


def test_the_ledger_learns_each_written_article_under_its_fields(written):
    crawler, _ = written
    ledger = crawler.spider.ledger
    for n in range(3):
        for url in (f"https://s.test/a/{n}", f"https://s.test/r/{n}"):
            known = ledger.lookup(url)
            assert known is not None and known.etag == f'"e{n}"' and known.version == 1
    assert ledger.rejected_since("https://s.test/gone", datetime(2026, 1, 1, tzinfo=UTC))


def test_every_reject_item_field_is_stored_under_its_reject_column(written):
    _, output = written
    assert set(RejectItem.fields) == set(REJECT_COLUMNS)
    assert set(REJECT_COLUMNS.values()) <= set(REJECTS.names)
    rows = {r["url"]: r for r in read_rows(output / "rejects", "rejects", REJECTS.names)}
    assert rows["https://s.test/gone"]["http_status"] == 404
    assert rows["https://s.test/gone"]["detail"] == "gone"
    listing = rows["https://s.test/list"]
    assert (listing["stage"], listing["reason"], listing["http_status"]) == (
        "extract", "not_article", 200)
    assert listing["page_type_confidence"] == pytest.approx(0.2)


# -- the record --------------------------------------------------------------------------------

def test_a_page_items_fields_reach_their_columns_and_every_column_is_filled():
    assert set(PageItem.fields) == set(PAGE_COLUMNS) | PAGE_READ_ONLY
    assert not set(PAGE_COLUMNS) & PAGE_READ_ONLY
    item = PageItem(url="http://news.test/agri/2026/11/20/77/x", request_url="http://news.test/r",
                    status=200, headers={"content-type": "text/html", "etag": '"v1"'},
                    body=page_html().encode(), fetched_at=datetime(2026, 11, 29, tzinfo=UTC),
                    site="nahr", site_domains=["news.test"], site_timezone="Africa/Cairo",
                    site_overrides={}, discovery={"via": "sitemap"}, window=[None, None],
                    site_country="EG", site_agency=None, source="warc",
                    warc_file="raw/nahr/x.warc.gz", warc_offset=1234)
    row = process_page(dict(item))
    assert {column: row[column] for column in PAGE_COLUMNS.values()} == {
        column: item[field] for field, column in PAGE_COLUMNS.items()}
    assert (row["http_etag"], row["discovered_via"]) == ('"v1"', "sitemap")
    assert set(row) - set(ARTICLES.names) == WORKING_KEYS
    assert set(ARTICLES.names) - set(row) == WRITER_COLUMNS


def test_the_readme_names_only_article_columns():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("Main columns", 1)[1].split("\n\n", 2)[1]
    named = {name for line in table.splitlines()[2:]
             for name in re.findall(r"`(\w+)`", line.split("|")[1])}
    assert named and named <= set(ARTICLES.names)

"""The generated evaluation set (bench/articlegen) is what it claims: many distinct page
skeletons, the same pages for a seed, gold body text that is on the page, the hazards the
manifest names present on the page, and gold dates that agree with what the page states."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from lxml import html as lxml_html

from bench.articlegen.build import generate, write

EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
# Month names as this test reads them (a second, independent list): index = month - 1.
MONTH_FORMS = [
    ["يناير", "كانون الثاني", "جانفي", "January", "Jan", "janvier"],
    ["فبراير", "شباط", "فيفري", "February", "Feb", "février"],
    ["مارس", "آذار", "March", "Mar", "mars"],
    ["أبريل", "نيسان", "أفريل", "April", "Apr", "avril"],
    ["مايو", "أيار", "ماي", "May", "mai"],
    ["يونيو", "حزيران", "جوان", "June", "Jun", "juin"],
    ["يوليو", "تموز", "يوليوز", "جويلية", "July", "Jul", "juillet"],
    ["أغسطس", "آب", "غشت", "أوت", "August", "Aug", "août"],
    ["سبتمبر", "أيلول", "شتنبر", "September", "Sep", "septembre"],
    ["أكتوبر", "تشرين الأول", "October", "Oct", "octobre"],
    ["نوفمبر", "تشرين الثاني", "نونبر", "November", "Nov", "novembre"],
    ["ديسمبر", "كانون الأول", "دجنبر", "December", "Dec", "décembre"],
]
MACHINE = ("no-machine-date", "machine-date-")


@pytest.fixture(scope="module")
def pages() -> list:
    return list(generate())


def visible(html: bytes, encoding: str) -> str:
    root = lxml_html.document_fromstring(html.decode(encoding))
    for node in root.xpath("//script|//style|//head"):
        node.drop_tree()
    return " ".join(root.text_content().split())


def skeleton(html: bytes, encoding: str) -> frozenset[str]:
    """The markup's tag/class vocabulary (generated class-name hashes reduced to their shape)."""
    root = lxml_html.document_fromstring(html.decode(encoding))
    found = set()
    for node in root.iter():
        if isinstance(node.tag, str):
            for cls in (node.get("class") or "").split() or [""]:
                found.add(f"{node.tag}.{re.sub(r'[0-9a-f]{4,}$', '#', cls)}")
    return frozenset(found)


def test_at_least_25_templates_with_distinct_markup_skeletons(pages: list) -> None:
    firsts = {g.spec.name: g for g in pages if g.path.endswith("_00.html")}
    assert len(firsts) >= 25
    shapes = {name: skeleton(g.html, g.spec.encoding) for name, g in firsts.items()}
    for a in shapes:
        for b in shapes:
            if a < b:
                overlap = len(shapes[a] & shapes[b]) / len(shapes[a] | shapes[b])
                assert overlap < 0.6, (a, b, overlap)
    assert len(pages) >= 100


def test_the_same_seed_writes_the_same_files_and_another_seed_others(tmp_path: Path) -> None:
    write(tmp_path / "one", 2, seed=7)
    write(tmp_path / "two", 2, seed=7)
    write(tmp_path / "three", 2, seed=8)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes()
           for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes()
           for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two and len(one) > 50
    three = (tmp_path / "three" / "manifest.tsv").read_bytes()
    assert three != one[Path("manifest.tsv")]


def test_every_gold_paragraph_is_visible_text_of_its_page(pages: list) -> None:
    for g in pages:
        text = visible(g.html, g.spec.encoding)
        for para in g.gold["body"]:
            assert " ".join(para.split()) in text, (g.path, para[:40])


def test_every_hazard_the_manifest_names_is_on_the_page(pages: list, tmp_path: Path) -> None:
    write(tmp_path, 4)
    rows = [line.split("\t") for line in
            (tmp_path / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert len(rows) == len(pages)
    by_path = {g.path: g for g in pages}
    for template, path, _cms, hazards in rows:
        g = by_path[path]
        assert g.spec.name == template
        raw = g.html.decode(g.spec.encoding)
        text = visible(g.html, g.spec.encoding)
        # a lead such as 'دمشق (رويترز) -' stays in the body and may repeat the credit line
        body = " ".join(g.gold["body"]).replace(
            g.gold["hazards"].get("dateline-prefix-in-body") or "\0", "")
        for name in hazards.split(","):
            evidence = g.gold["hazards"][name]
            if name.startswith(MACHINE):
                assert evidence in raw, (path, name)
            elif name == "no-machine-date":
                assert "datePublished" not in raw and "published_time" not in raw
            elif name in ("br-paragraphs", "qa-br"):
                assert "<br>" in raw
            elif name == "charset-windows-1256":
                assert 'charset="windows-1256"' in raw
            elif evidence:
                assert evidence in text or evidence in raw, (path, name, evidence)
                if name.startswith(("caption", "read-also", "share", "byline", "dateline:",
                                    "follow-prompt", "agency-line", "author-bio")):
                    assert evidence not in body, (path, name)


def _states(line: str, day: datetime) -> bool:
    """Does the date line name this day (its number, its month in any form, its year)?"""
    line = line.translate(EASTERN)
    numbers = {int(n) for n in re.findall(r"\d+", line)}
    named = any(form in line for form in MONTH_FORMS[day.month - 1])
    return day.year in numbers and day.day in numbers and (named or day.month in numbers)


def test_gold_dates_agree_with_the_date_line_and_the_machine_dates(pages: list) -> None:
    for g in pages:
        gold = g.gold
        published = datetime.fromisoformat(gold["published"])
        fetched = datetime.fromisoformat(gold["fetched_at"])
        assert published.date() <= fetched.astimezone(published.tzinfo).date()
        [(style, line)] = [(k, v) for k, v in gold["hazards"].items() if k.startswith("dateline:")]
        if style == "dateline:relative":
            hours = re.search(r"(\d+) ساع|ساعتين|ساعة|(\d+) دقيقة", line)
            assert hours, line
            ago = (timedelta(hours=2) if "ساعتين" in line else
                   timedelta(hours=int(hours.group(1))) if hours.group(1) else
                   timedelta(minutes=int(hours.group(2))) if hours.group(2) else timedelta(hours=1))
            local = (fetched - ago).astimezone(
                __import__("zoneinfo").ZoneInfo(gold["timezone"]))
            assert local.date() == published.date(), (g.path, line)
        else:
            assert _states(line, published), (g.path, line, gold["published"])
        if "T" in gold["published"]:
            assert published.utcoffset() is not None
        raw = g.html.decode(g.spec.encoding)
        stated = re.search(r'"datePublished": "([^"]+)"', raw)
        if stated and not any(k.startswith("machine-date-") for k in gold["hazards"]):
            assert datetime.fromisoformat(stated.group(1)).date() == published.date()


def test_gold_files_follow_the_corpus_layout(tmp_path: Path) -> None:
    write(tmp_path, 1)
    golds = sorted(tmp_path.glob("*/*.gold.json"))
    assert len(golds) >= 25
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert path.with_name(path.name.replace(".gold.json", ".html")).exists()
        assert {"url", "title", "published", "modified", "authors", "section", "language",
                "body", "notes", "fetched_at"} <= set(gold)
        assert gold["language"] == "ar" and gold["body"] and isinstance(gold["authors"], list)
        if "agency" in gold:
            assert gold["authors"] == []

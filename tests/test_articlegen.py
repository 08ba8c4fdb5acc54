"""The generated evaluation set (bench/articlegen) is what it claims: many distinct page
skeletons, the same pages for a seed, gold body text that is on the page, the hazards the
manifest names present on the page, gold dates that agree with what the page states and a gold
agency that the page prints; the held-out templates (--holdout) likewise, with skeletons of
their own."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from lxml import html as lxml_html

from bench.articlegen.build import generate, write
from bench.articlegen.words import AGENCIES

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
CREDITS = ("agency-byline", "agency-line", "agency-line-tail", "dateline-prefix-in-body")


@pytest.fixture(scope="module")
def pages() -> list:
    return list(generate())


@pytest.fixture(scope="module")
def held_out() -> list:
    return list(generate(holdout=True))


@pytest.fixture(scope="module")
def both(pages: list, held_out: list) -> list:
    return pages + held_out


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


def shapes_of(pages: list) -> dict[str, frozenset[str]]:
    return {g.spec.name: skeleton(g.html, g.spec.encoding)
            for g in pages if g.path.endswith("_00.html")}


def test_at_least_25_templates_with_distinct_markup_skeletons(pages: list) -> None:
    shapes = shapes_of(pages)
    assert len(shapes) >= 25
    for a in shapes:
        for b in shapes:
            if a < b:
                overlap = len(shapes[a] & shapes[b]) / len(shapes[a] | shapes[b])
                assert overlap < 0.6, (a, b, overlap)
    assert len(pages) >= 100


def test_held_out_templates_are_10_or_more_with_skeletons_unlike_each_other_and_the_rest(
        pages: list, held_out: list) -> None:
    held, seen = shapes_of(held_out), shapes_of(pages)
    assert len(held) >= 10 and not set(held) & set(seen)
    for a in held:
        for b in [*held, *seen]:
            if a != b:
                others = held.get(b) or seen[b]
                overlap = len(held[a] & others) / len(held[a] | others)
                assert overlap < 0.6, (a, b, overlap)
    assert {g.path for g in held_out}.isdisjoint(g.path for g in pages)


def test_holdout_flag_writes_only_the_held_out_templates(tmp_path: Path) -> None:
    from bench.articlegen.__main__ import main

    assert main([str(tmp_path), "--per-template", "1", "--holdout"]) == 0
    rows = (tmp_path / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {r.split("\t")[0] for r in rows} == {g.spec.name for g in generate(1, holdout=True)}


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


def test_every_gold_paragraph_is_visible_text_of_its_page(both: list) -> None:
    for g in both:
        text = visible(g.html, g.spec.encoding)
        for para in g.gold["body"]:
            assert " ".join(para.split()) in text, (g.path, para[:40])


def test_every_hazard_the_manifest_names_is_on_the_page(both: list, tmp_path: Path) -> None:
    write(tmp_path / "set", 4)
    write(tmp_path / "held", 4, holdout=True)
    rows = [line.split("\t") for folder in ("set", "held") for line in
            (tmp_path / folder / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert len(rows) == len(both)
    by_path = {g.path: g for g in both}
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


def test_gold_agency_is_the_one_the_page_prints_and_none_for_agencies_unnamed(
        both: list) -> None:
    named = 0
    for g in both:
        text = visible(g.html, g.spec.encoding)
        credits = " ".join(v for k, v in g.gold["hazards"].items() if k in CREDITS)
        printed = [name for name, form in AGENCIES if name in credits or form in credits]
        assert g.gold["agency"] == (printed[0] if printed else ""), (g.path, credits)
        if g.gold["agency"]:
            forms = next(f for f in AGENCIES if f[0] == g.gold["agency"])
            assert any(form in text for form in forms), g.path
            named += 1
    generic = [g for g in both if "وكالات" in g.gold["hazards"].get("agency-byline", "")
               and not g.gold["agency"]]
    assert named >= 20 and generic


def test_gold_dates_agree_with_the_date_line_and_the_machine_dates(both: list) -> None:
    for g in both:
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
        assert isinstance(gold["agency"], str)

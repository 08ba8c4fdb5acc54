"""The edits that turn one outlet's article into another outlet's copy, for bench/clusterset.py.

Each edit models what Arabic sites do to a wire dispatch or to a story they pick up:
- `headline`: the desk rewrites the title: its words in another order, a kicker prefix
  ("عاجل:", "بالفيديو |"), or a shorter headline (the first words only).
- `added`: the outlet adds its own background paragraph (written here from the generator's
  words and the story's own names), at the end or after the lead.
- `cut`: the outlet trims the dispatch: the last paragraph, or one in the middle.
- `credit`: the agency credit moves or changes form: "(أ ش أ)" at the end, a dateline
  "القاهرة - أ ش أ:" at the start, or a line "المصدر: وكالة أنباء الشرق الأوسط"; or it is dropped.
- `boilerplate`: the copying site's own lines stay in the text the extractor keeps: its
  follow-us line and a "اقرأ أيضا: <headline>" line (the same lines on every copy of that site).
- `words`: a few words change: Eastern vs ASCII digits, a synonym, hamza/alef or ta marbuta
  spellings, harakat on a word.
- `rendered`: the copy is printed in another bench/articlegen template and read back by the
  real extract stage (pipelines.extract.extract): the text is what akhbar would store.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from typing import Any

from bench.articlegen import build  # noqa: F401 - registers the templates
from bench.articlegen.parts import TEMPLATES, Page, make_article
from bench.articlegen.words import FOLLOW_PROMPTS, PAGEGEN_HEADLINES, PLACES, REPORTERS
from pipelines.agencies import Agency

KICKERS = ("عاجل:", "بالفيديو |", "خاص -", "تفاصيل:", "الآن:")
SYNONYMS = (("وقال", "وأكد"), ("أعلن", "كشف"), ("أكثر من", "ما يزيد على"), ("بعد", "عقب"),
            ("خلال", "في أثناء"), ("أوضح", "بين"))
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
SPELLINGS = ((r"(?<!\S)أ", "ا"), (r"(?<!\S)إ", "ا"), (r"ة(?!\S)", "ه"), (r"ى(?!\S)", "ي"))
HARAKAT = ("\u064e", "\u064f", "\u0650", "\u0651")

# Clause pieces of the text this module writes (background paragraphs, other stories on the same
# topic, short items): short fixed pieces between slots, so that two texts written from them
# share words but few runs of three words unless they name the same things.
OPENERS = ("", "", "وفي سياق متصل،", "من جهة أخرى،", "وبحسب مصادر مطلعة،", "وفي وقت لاحق،",
           "وعلى صعيد آخر،", "وفي {place}،", "ومنذ {number} أشهر،")
VERBS = ("أعلن {person}", "قال {person}", "كشف {person}", "نفى {person}", "دعا {person}",
         "أكد مسؤولون في {entity}", "طالب نواب عن {place}", "انتقد {person}",
         "ذكر تقرير عن {entity}")
OBJECTS = ("أن {entity} تدرس ملف {topic}", "عن خطة تخص {entity} في {place}",
           "وجود خلاف حول {topic}", "أن لقاء بشأن {topic} سيعقد في {place}",
           "تخصيص {number} مليونا لملف {topic}", "إطلاق مبادرة تشمل {entity}",
           "أن {entity} لم تتلق أي طلب بشأن {topic}", "مراجعة ما تم في {topic} منذ {number} سنوات",
           "أن {number} جهة انضمت إلى {entity}")
TAILS = ("", "", "خلال {number} أيام", "قبل نهاية الشهر", "بحضور {person}", "في {place}",
         "على هامش زيارة إلى {place}", "وفق بيان نشر مساء أمس")


@dataclass(frozen=True)
class Draft:
    """A text on its way to a Doc: what one outlet prints."""

    title: str
    paragraphs: tuple[str, ...]
    agency: str | None = None


@dataclass(frozen=True)
class Names:
    """What a story is about: the names another story on the same topic reuses."""

    entities: tuple[str, ...]
    topics: tuple[str, ...]
    places: tuple[str, ...]


def sentence(rng: random.Random, names: Names) -> str:
    parts = [rng.choice(OPENERS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)]
    slots = {"person": lambda: rng.choice(REPORTERS), "place": lambda: rng.choice(names.places),
             "entity": lambda: rng.choice(names.entities),
             "topic": lambda: rng.choice(names.topics),
             "number": lambda: str(rng.randint(2, 90))}
    text = " ".join(p for p in parts if p)
    return re.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)](), text) + "."


def written(rng: random.Random, names: Names, words: int) -> list[str]:
    """Paragraphs of one or two sentences about `names`, about `words` words in all."""
    paragraphs: list[str] = []
    while sum(len(p.split()) for p in paragraphs) < words:
        paragraphs.append(" ".join(sentence(rng, names) for _ in range(rng.choice((1, 2)))))
    return paragraphs


def reheadline(rng: random.Random, title: str) -> str:
    words = title.split()
    form = rng.choice(("order", "kicker", "short"))
    if form == "order" and len(words) > 4:
        cut = rng.randint(2, len(words) - 2)
        return " ".join(words[cut:] + words[:cut])
    if form == "short" and len(words) > 5:
        return " ".join(words[: rng.randint(3, len(words) - 2)])
    return f"{rng.choice(KICKERS)} {title}"


def add_paragraph(rng: random.Random, paragraphs: list[str], names: Names) -> list[str]:
    extra = " ".join(written(rng, names, rng.randint(20, 40)))
    at = rng.choice((1, len(paragraphs)))
    return paragraphs[:at] + [extra] + paragraphs[at:]


def cut_paragraph(rng: random.Random, paragraphs: list[str]) -> list[str]:
    if len(paragraphs) < 3:
        return paragraphs
    at = len(paragraphs) - 1 if rng.random() < 0.6 else rng.randint(1, len(paragraphs) - 2)
    return paragraphs[:at] + paragraphs[at + 1:]


def abbreviation(agency: Agency) -> str:
    return (agency.abbreviations or agency.arabic)[0]


def credit(rng: random.Random, paragraphs: list[str], agency: Agency, place: str) -> list[str]:
    """The agency's credit in one of its printed forms (the text carries none before)."""
    form = rng.choice(("end", "dateline", "source"))
    if form == "end":
        return paragraphs[:-1] + [f"{paragraphs[-1]} ({abbreviation(agency)})"]
    if form == "dateline":
        return [f"{place} - {abbreviation(agency)}: {paragraphs[0]}"] + paragraphs[1:]
    return paragraphs + [f"المصدر: {agency.arabic[0]}"]


def uncredit(paragraphs: list[str], agency: Agency) -> list[str]:
    """The text without the credit `credit` wrote."""
    short = re.escape(abbreviation(agency))
    out = [re.sub(rf"^\S+(?: \S+)? - {short}: ", "", p) for p in paragraphs]
    out = [re.sub(rf" \({short}\)$", "", p) for p in out]
    return [p for p in out if p != f"المصدر: {agency.arabic[0]}"]


def site_lines(site: str) -> list[str]:
    """A site's boilerplate lines, the same on each of its pages."""
    rng = random.Random(f"boilerplate:{site}")
    return [rng.choice(FOLLOW_PROMPTS), f"اقرأ أيضا: {rng.choice(PAGEGEN_HEADLINES)}"]


def change_words(rng: random.Random, paragraphs: list[str]) -> list[str]:
    text = "\n".join(paragraphs)
    text = text.translate(EASTERN if rng.random() < 0.5 else ASCII)
    for old, new in rng.sample(SYNONYMS, 2):
        text = re.sub(rf"(?<!\S){old}(?!\S)", new, text, count=1)
    spell = rng.choice(SPELLINGS)
    text = re.sub(spell[0], spell[1], text, count=rng.randint(1, 4))
    words = text.split(" ")
    for _ in range(2):
        at = rng.randrange(len(words))
        if len(words[at]) > 2 and "\n" not in words[at]:
            words[at] = words[at][0] + rng.choice(HARAKAT) + words[at][1:]
    return " ".join(words).split("\n")


def render(draft: Draft, seed: str, agency: Agency | None) -> Draft | None:
    """`draft` printed in a random bench/articlegen template and read back by the extract stage
    (None when the stage rejects the page)."""
    from bench.qualityscore import fetched_record
    from pipelines import Reject
    from pipelines.extract import extract

    rng = random.Random(seed)
    spec = TEMPLATES[rng.choice(sorted(TEMPLATES))]
    article = make_article(rng, spec)
    article.headline, article.paragraphs = draft.title, list(draft.paragraphs)
    article.agency = (agency.arabic[0], f"({abbreviation(agency)})") if agency else None
    if article.byline == "agency" and not agency:
        article.byline = "none"
    article.place = rng.choice(PLACES)
    page = Page(spec, rng, article)
    html, url = spec.render(page)
    record = fetched_record(url, html.encode(spec.encoding, errors="xmlcharrefreplace"),
                            article.fetched, spec.zone)
    try:
        row: dict[str, Any] = extract(record)
    except Reject:
        return None
    lines = [line for line in (row.get("text") or "").split("\n") if line.strip()]
    shown = agency.name if agency and page.agency_shown else None
    return replace(draft, title=row.get("title") or draft.title, paragraphs=tuple(lines),
                   agency=draft.agency or shown)

"""A labelled set for the story clustering (issue 17): articles, their copies as other outlets
publish them, and articles that must stay apart; `build_set(seed, real_dir, stories)`.

Original stories (bodies of at least 60 words) come from three places:
- the bundled site's articles (crawler/demo/sites/alwaha/articles.py);
- bench/articlegen's generated articles, one per story of its word lists (two generated articles
  of one story share most sentences: they are not two stories);
- real articles read at run time from `real_dir` (../shared/corpus: the `body` of
  pages/*/*.gold.json and seed/*.txt); their text is never written into the repository.

Each original runs as 1 to 8 copies (skewed small, as wire stories run), each on another site
and changed by a few of the edits of bench/clusteredits.py (headline, added, cut, credit,
boilerplate, words, rendered: what each models is written there). A Doc's `kind` names them:
"original", or the copy's edits joined by "+" ("headline+cut+rendered").

Stories that must not join another (each its own `story`, kind as named):
- `topic`: another event told with the same names, places and organisations as an original,
  in sentences written from the generator's words;
- `followup`: a later story of the same event: one or two paragraphs of the original's
  background (at most 40% of its words), the rest new;
- `short`: items of 60 to 120 words, several on one site, carrying that site's boilerplate lines
  (a large share of their words).
Some of these have copies too (kind prefixed "topic:", "followup:", "short:").
The set is the same for the same seed and arguments.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

from bench.articlegen.parts import TEMPLATES, make_article
from bench.articlegen.words import PAGEGEN_HEADLINES, PLACES, SITE_NAMES
from bench.clusteredits import (
    Draft,
    Names,
    add_paragraph,
    change_words,
    credit,
    cut_paragraph,
    reheadline,
    render,
    site_lines,
    uncredit,
    written,
)
from crawler.demo.localsite import SITES_DIR
from pipelines.agencies import Agency, agencies, agency_of

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS = 60
SHORT_WORDS = (60, 120)
COPY_WEIGHTS = (30, 22, 15, 10, 8, 6, 5, 4)  # 1..8 copies
WIRES = ("MENA", "SPA", "WAM", "QNA", "KUNA", "Petra", "AFP", "Reuters", "Anadolu", "MAP",
         "SANA", "INA")
EDITS = ("headline", "added", "cut", "credit", "boilerplate", "words")
RENDER_SHARE = 0.3
TOPIC_SHARE, FOLLOWUP_SHARE, NEGATIVE_COPY_SHARE = 0.45, 0.25, 0.4


@dataclass(frozen=True)
class Doc:
    """One article of the set: `story` is the gold label (same story = must cluster)."""

    doc_id: str
    story: str
    site: str
    title: str
    text: str  # the body, one paragraph per line
    agency: str | None
    kind: str


@dataclass(frozen=True)
class Original:
    key: str
    site: str
    draft: Draft
    names: Names
    wire: Agency | None = None


def default_real_dir() -> Path | None:
    """../shared/corpus beside the repository, when it is there."""
    folder = ROOT.parent / "shared" / "corpus"
    return folder if folder.is_dir() else None


def words(paragraphs: tuple[str, ...] | list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def names_of(title: str, text: str, keywords: list[str] | None = None) -> Names:
    """The names another story on the same topic would reuse: the title's word pairs, the
    keywords, the generator's places found in the text."""
    content = [w for w in re.findall(r"[\w]+", title) if len(w) > 2]
    pairs = [f"{a} {b}" for a, b in zip(content, content[1:], strict=False)] or content
    places = tuple(p for p in PLACES if p in text) or ("العاصمة",)
    return Names(tuple(dict.fromkeys([*(keywords or []), *pairs])) or ("الحكومة",),
                 tuple(keywords or pairs) or ("الملف",), places)


def _agency(name: str) -> Agency:
    return next(a for a in agencies() if a.name == name)


def bundled() -> list[Original]:
    spec = importlib.util.spec_from_file_location(
        "alwaha_articles", SITES_DIR / "alwaha" / "articles.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = []
    for article in module.ARTICLES:
        body = [item if isinstance(item, str) else item[1] for item in article["body"]]
        wire = agency_of(article["authors"][0]) if article["authors"] else None
        out.append(Original(f"alwaha-{article['id']}", "الواحة نيوز",
                            Draft(article["title"], tuple(body), wire),
                            names_of(article["title"], " ".join(body), article["keywords"]),
                            _agency(wire) if wire else None))
    return out


def generated(seed: int) -> list[Original]:
    """One bench/articlegen article per story of its word lists."""
    specs = sorted(TEMPLATES)
    out: dict[str, Original] = {}
    for index in range(300):
        rng = random.Random(f"{seed}:clusterset:{index}")
        spec = TEMPLATES[specs[index % len(specs)]]
        article = make_article(rng, spec)
        if article.headline in out or words(article.paragraphs) < MIN_WORDS:
            continue
        text = " ".join(article.paragraphs)
        out[article.headline] = Original(
            f"gen-{len(out)}", spec.site, Draft(article.headline, tuple(article.paragraphs)),
            names_of(article.headline, text))
    return list(out.values())


def real(folder: Path) -> list[Original]:
    """Real articles of ../shared/corpus, read here and kept in memory only."""
    out = []
    for path in sorted(folder.glob("pages/*/*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        body = tuple(p for p in gold.get("body") or [] if p.strip())
        if words(body) >= MIN_WORDS:
            title = gold.get("title") or body[0][:60]
            out.append(Original(f"real-{path.parent.name}", path.parent.name, Draft(title, body),
                                names_of(title, " ".join(body))))
    for path in sorted(folder.glob("seed/*.txt")):
        body = tuple(p.strip() for p in path.read_text(encoding="utf-8").splitlines()
                     if p.strip())
        if words(body) >= MIN_WORDS:
            title = " ".join(body[0].split()[:9])
            out.append(Original(f"real-seed-{path.stem}", "seed", Draft(title, body[1:] or body),
                                names_of(title, " ".join(body))))
    return out


def originals(seed: int, real_dir: Path | None, stories: int) -> list[Original]:
    found = bundled() + generated(seed) + (real(real_dir) if real_dir else [])
    random.Random(f"{seed}:pick").shuffle(found)
    return found[:stories] if stories > 0 else found


def as_wire(rng: random.Random, original: Original) -> Original:
    """Most stories are wire stories: their original carries the agency's credit."""
    wire = original.wire or (_agency(rng.choice(WIRES)) if rng.random() < 0.6 else None)
    if not wire:
        return original
    paragraphs = credit(rng, list(original.draft.paragraphs), wire, original.names.places[0])
    draft = Draft(original.draft.title, tuple(paragraphs), wire.name)
    return Original(original.key, original.site, draft, original.names, wire)


def copy(rng: random.Random, original: Original, site: str, seed: str) -> tuple[Draft, str]:
    """One outlet's copy of `original` and the names of the edits that made it."""
    chosen = rng.sample([e for e in EDITS if e != "credit" or original.wire],
                        rng.choice((1, 2, 2, 3, 3, 4)))
    title, paragraphs = original.draft.title, list(original.draft.paragraphs)
    agency: str | None = None
    if "headline" in chosen:
        title = reheadline(rng, title)
    if "cut" in chosen:
        paragraphs = cut_paragraph(rng, paragraphs)
    if "added" in chosen:
        paragraphs = add_paragraph(rng, paragraphs, original.names)
    if "credit" in chosen and original.wire:  # moved to another form, or dropped
        paragraphs = uncredit(paragraphs, original.wire)
        if rng.random() < 0.8:
            paragraphs = credit(rng, paragraphs, original.wire, rng.choice(PLACES))
    if original.wire:  # a cut can take the credit with the paragraph that carried it
        agency = original.wire.name if uncredit(paragraphs, original.wire) != paragraphs else None
    if "words" in chosen:
        paragraphs = change_words(rng, paragraphs)
    if "boilerplate" in chosen:
        follow, also = site_lines(site)
        paragraphs.insert(rng.randint(1, len(paragraphs)), also)
        paragraphs.append(follow)
    draft = Draft(title, tuple(paragraphs), agency)
    if rng.random() < RENDER_SHARE:
        shown = render(draft, seed, original.wire)
        if shown and words(shown.paragraphs) >= 20:
            draft, chosen = shown, [*chosen, "rendered"]
    return draft, "+".join(e for e in (*EDITS, "rendered") if e in chosen)


def with_copies(rng: random.Random, seed: int, original: Original, kind: str, count: int,
                copied: Original | None = None) -> list[Doc]:
    """The story's first article (kind `kind`) and `count` copies on other sites, made from
    `copied` (what the copying sites took; default: the first article as printed)."""
    d, story = original.draft, original.key
    docs = [Doc(f"{story}#0", story, original.site, d.title, "\n".join(d.paragraphs),
                d.agency, kind)]
    sites = rng.sample([s for s in SITE_NAMES if s != original.site], count)
    prefix = "" if kind == "original" else f"{kind}:"
    for number, site in enumerate(sites, 1):
        draft, edits = copy(rng, copied or original, site, f"{seed}:{story}:{number}")
        docs.append(Doc(f"{story}#{number}", story, site, draft.title,
                        "\n".join(draft.paragraphs), draft.agency, prefix + edits))
    return docs


def negative(rng: random.Random, original: Original, kind: str) -> Original:
    """Another story with `original`'s names: another event (topic) or a later one (followup)."""
    reused: list[str] = []
    if kind == "followup":  # one or two paragraphs of background, at most 40% of the words
        pool = list(original.draft.paragraphs[1:] or original.draft.paragraphs)
        reused = rng.sample(pool, min(len(pool), rng.choice((1, 2))))
    new = written(rng, original.names, max(words(reused) * 3 // 2, rng.randint(110, 260)))
    for paragraph in reused:
        new.insert(rng.randint(1, len(new)), paragraph)
    title = " ".join(new[0].split()[:rng.randint(6, 10)])
    return Original(f"{original.key}~{kind}", rng.choice(SITE_NAMES), Draft(title, tuple(new)),
                    original.names)


def shorts(rng: random.Random, count: int) -> list[Original]:
    """Short items, several per site, each carrying its site's boilerplate lines."""
    sites = rng.sample(SITE_NAMES, 2)
    out = []
    for index in range(count):
        site = sites[index % 2]
        heads = rng.sample(PAGEGEN_HEADLINES, 2)
        names = names_of(heads[0], "", None)
        names = Names(names.entities + names_of(heads[1], "").entities, names.topics,
                      tuple(rng.sample(PLACES, 3)))
        body = written(rng, names, rng.randint(40, 90))
        while words(body) > SHORT_WORDS[1] - words(site_lines(site)) and len(body) > 1:
            body.pop()
        body += site_lines(site)
        if words(body) < SHORT_WORDS[0]:
            body.insert(-2, " ".join(written(rng, names, SHORT_WORDS[0] - words(body))))
        out.append(Original(f"short-{index}", site, Draft(heads[0], tuple(body)), names))
    return out


def build_set(seed: int, real_dir: Path | None, stories: int) -> list[Doc]:
    """The labelled docs: `stories` originals (0: all there are) with their copies, the
    negatives written from them and short items (see the module's docstring)."""
    docs: list[Doc] = []
    picked = originals(seed, real_dir, stories)
    for original in picked:
        rng = random.Random(f"{seed}:{original.key}")
        original = as_wire(rng, original)
        count = rng.choices(range(1, 9), COPY_WEIGHTS)[0]
        docs += with_copies(rng, seed, original, "original", count)
        for kind, share in (("topic", TOPIC_SHARE), ("followup", FOLLOWUP_SHARE)):
            if rng.random() < share:
                other = negative(rng, original, kind)
                extra = rng.randint(1, 2) if rng.random() < NEGATIVE_COPY_SHARE else 0
                docs += with_copies(rng, seed, other, kind, extra)
    rng = random.Random(f"{seed}:shorts")
    for item in shorts(rng, max(4, len(picked) // 5)):
        taken = replace(item, draft=replace(item.draft, paragraphs=item.draft.paragraphs[:-2]))
        docs += with_copies(rng, seed, item, "short", rng.randint(0, 3), taken)  # not its lines
    return docs

"""Per-article cost of each tagger of the tag stage on the real corpus pages, and the seed's tags.

    python bench/taggers.py [--rounds N] [--ner-model DIR | --ner-size base|tiny|none]

Pages: ../shared/corpus/pages (the URL of each from its gold file). For every page the chain runs
as in a crawl (extract, dates, normalize, each tagger, dedup), each part timed on its own; the
table gives mean ms/article per part and its share of the whole chain, best of N rounds.

NER: with --ner-model, that model; else a randomly initialised model of the chosen size is built
in a temporary directory (`base` has AraBERT-base's shape: 12 layers, 768 wide, so its cost is
the real model's; its labels are noise). Dialect runs only where camel-tools' data is installed.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.dates.stage import dates  # noqa: E402
from pipelines.dedup import Deduplicator  # noqa: E402
from pipelines.extract import extract  # noqa: E402
from pipelines.normalize import normalize  # noqa: E402
from pipelines.tag.stage import TagConfig, Taggers  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SIZES = {"base": {"layers": 12, "hidden": 768}, "tiny": {"layers": 1, "hidden": 32}}


def load_pages() -> list[dict[str, Any]]:
    pages = []
    for html in sorted((CORPUS / "pages").glob("*/*.html")):
        gold = json.loads(html.with_suffix("").with_suffix(".gold.json").read_text("utf-8"))
        pages.append({"url": gold["url"], "body": html.read_bytes(), "headers": {},
                      "fetched_at": datetime.now(UTC), "site_timezone": "UTC"})
    return pages


def random_ner_model(size: str, pages: list[dict[str, Any]], folder: Path) -> Path:
    """A random BERT token classifier whose vocabulary holds the corpus words (so words are
    split into about as many pieces as AraBERT's vocabulary splits them)."""
    from tests.nermodel import build_model

    words: set[str] = set()
    for page in pages:
        words.update(re.findall(r"\w+", normalize(extract(page))["text"] or ""))
    return build_model(folder / f"ner-{size}", vocab_words=sorted(words), **SIZES[size])


def one_pass(pages: list[dict[str, Any]], taggers: Taggers) -> dict[str, list[float]]:
    """ms per part for every page, one pass."""
    times: dict[str, list[float]] = defaultdict(list)
    for page in pages:
        started = time.perf_counter()
        article = normalize(dates(extract(page)))
        times["extract+dates+normalize"].append(time.perf_counter() - started)
        for name, _, tagger in taggers.steps:
            started = time.perf_counter()
            article.update(tagger(article))
            times[name].append(time.perf_counter() - started)
        started = time.perf_counter()
        Deduplicator().dedup(article)
        times["dedup"].append(time.perf_counter() - started)
    return {part: [t * 1000 for t in values] for part, values in times.items()}


def report(passes: list[dict[str, list[float]]], pages: int) -> None:
    best = {part: min(statistics.fmean(p[part]) for p in passes) for part in passes[0]}
    whole = sum(best.values())
    taggers = sum(v for k, v in best.items() if k not in ("extract+dates+normalize", "dedup"))
    print(f"{pages} corpus pages, best of {len(passes)} rounds (mean ms per article)\n")
    print(f"{'part':<26}{'ms/article':>12}{'share of chain':>16}")
    for part, ms in best.items():
        print(f"{part:<26}{ms:>12.2f}{ms / whole:>15.1%}")
    print(f"{'all taggers':<26}{taggers:>12.2f}{taggers / whole:>15.1%}")
    print(f"{'whole chain':<26}{whole:>12.2f}")


def seed_tags(taggers: Taggers, real_ner: bool) -> dict[str, Any]:
    seed = next((CORPUS / "seed").glob("*.txt"))
    article = taggers.run(normalize({"url": None, "title": None,
                                     "text": seed.read_text("utf-8")}))
    tags = {k: article.get(k) for k in ("language", "arabic_share", "word_count", "language_flag",
                                        "countries", "section_std", "keywords", "dialect")}
    found = article.get("entities")
    tags["entities"] = found if real_ner or found is None else f"{len(found)} (random model)"
    return {"seed": seed.name, **tags}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ner-model", help="a local NER model directory")
    parser.add_argument("--ner-size", choices=[*SIZES, "none"], default="base")
    args = parser.parse_args()
    if not (CORPUS / "pages").is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    pages = load_pages()
    with tempfile.TemporaryDirectory() as folder:
        model = args.ner_model
        if not model and args.ner_size != "none":
            model = str(random_ner_model(args.ner_size, pages, Path(folder)))
        started = time.perf_counter()
        taggers = Taggers(TagConfig(ner_model_dir=model))
        print(f"start-up of the taggers: {time.perf_counter() - started:.1f} s "
              f"(NER: {model or 'off'}; {args.ner_model or args.ner_size} model)")
        one_pass(pages[:1], taggers)  # warm-up: gazetteer, lingua models, torch
        report([one_pass(pages, taggers) for _ in range(args.rounds)], len(pages))
        print("\nseed tags:", json.dumps(seed_tags(taggers, bool(args.ner_model)),
                                         ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

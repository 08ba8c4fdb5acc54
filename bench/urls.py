"""url_key throughput of pipelines/store/urls.py against a baseline revision, same URLs, same run.

    python bench/urls.py [--baseline REV] [--urls N] [--rounds N]

The baseline is the committed module (`git show REV:pipelines/store/urls.py`, HEAD by default),
loaded from a temporary file. The URLs are made here: Arabic slugs raw, percent-encoded (either
case) and mixed, tracking parameters, AMP and mobile forms, default and other ports, fragments.
Besides the ratio it counts the URLs whose key differs between the two: ledgers
(output/ledger.sqlite) are keyed by url_key, so a key that changes is an article fetched again.
Machines are noisy: read the ratio, and run it twice.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

from pipelines.store import urls as current

ROOT = Path(__file__).resolve().parent.parent
MODULE = "pipelines/store/urls.py"
WORDS = ["سعر", "الذهب", "اليوم", "في", "مصر", "ارتفاع", "أسعار", "النفط", "عاجل", "الرئيس",
         "مباراة", "الأهلي", "والزمالك", "الطقس", "(فيديو)", "قمة", "عربية", "بالصور"]
HOSTS = ["www.site.test", "site.test", "m.site.test", "amp.site.test", "news.example.eg",
         "www.akhbar.test", "mobile.akhbar.test", "127.0.0.1:8123", "www2.old.test"]
TRACKING = ["utm_source=rss", "utm_medium=feed", "fbclid=IwAR0abc", "gclid=xyz", "ocid=msn",
            "_ga=2.1", "at_medium=social", "xtor=RSS-1"]
AMP = ["", "", "", "/amp", "?amp=1", "?outputType=amp", ".amp.html"]


def baseline_module(rev: str) -> ModuleType:
    """The module as committed at `rev`, imported from a temporary file."""
    source = subprocess.run(["git", "show", f"{rev}:{MODULE}"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("baseline_urls", handle.name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    Path(handle.name).unlink()
    return module


def slug(article: int, rng: random.Random) -> str:
    """The article's slug, spelt one of four ways."""
    chosen = random.Random(article)
    words = "-".join(chosen.sample(WORDS, chosen.randint(2, 6)))
    form = rng.randrange(4)
    if form == 1:
        return quote(words, safe="-()")
    if form == 2:
        return quote(words, safe="-()").lower()
    if form == 3:  # mixed: the first half raw, the rest percent-encoded
        half = len(words) // 2
        return words[:half] + quote(words[half:], safe="-()")
    return words


def make_urls(count: int, seed: int = 15) -> list[str]:
    """`count` URLs, about three spellings of each article."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        scheme = rng.choice(["https", "http", "HTTPS"])
        host = rng.choice(HOSTS)
        port = ":443" if scheme != "http" and ":" not in host and rng.random() < 0.1 else ""
        article = n // 3
        path = f"/news/2026/{article % 12 + 1}/{article % 28 + 1}/{article}/{slug(article, rng)}"
        amp = rng.choice(AMP)
        if amp.startswith("."):
            path, amp = path + amp, ""
        elif amp.startswith("/"):
            path, amp = path + amp, ""
        params = rng.sample(TRACKING, rng.randint(0, 3))
        if rng.random() < 0.2:
            params.append(f"id={article}")
        query = "&".join(params)
        if amp:
            query = amp[1:] + ("&" + query if query else "")
        fragment = "#comments" if rng.random() < 0.1 else ""
        made.append(f"{scheme}://{host}{port}{path}" + (f"?{query}" if query else "") + fragment)
    return made


def throughputs(keys: list[Callable[[str], str]], urls: list[str], rounds: int) -> list[float]:
    """URLs per second of each function, the best of `rounds` passes taken in turns (so that a
    busy moment of the machine does not fall on one of them only)."""
    best = [float("inf")] * len(keys)
    for _ in range(rounds):
        for n, key in enumerate(keys):
            start = time.perf_counter()
            for url in urls:
                key(url)
            best[n] = min(best[n], time.perf_counter() - start)
    return [len(urls) / seconds for seconds in best]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default="HEAD", help="git revision to compare with")
    parser.add_argument("--urls", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    old = baseline_module(args.baseline)
    urls = make_urls(args.urls)
    changed = [(u, old.url_key(u), current.url_key(u)) for u in urls
               if old.url_key(u) != current.url_key(u)]
    old_rate, new_rate = throughputs([old.url_key, current.url_key], urls, args.rounds)
    print(f"{len(urls)} URLs, {len({current.url_key(u) for u in urls})} keys")
    print(f"url_key {args.baseline}: {old_rate:,.0f} URLs/s")
    print(f"url_key working tree: {new_rate:,.0f} URLs/s")
    print(f"ratio (working tree / {args.baseline}): {new_rate / old_rate:.2f}")
    print(f"keys that differ from {args.baseline}: {len(changed)}")
    for url, before, after in changed[:5]:
        print(f"  {url}\n    {before}\n    {after}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())

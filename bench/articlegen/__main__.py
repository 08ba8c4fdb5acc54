"""python -m bench.articlegen OUT_DIR [--per-template N] [--seed S]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.articlegen.build import DEFAULT_PER_TEMPLATE, DEFAULT_SEED, write
from bench.articlegen.parts import TEMPLATES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.articlegen",
                                     description="Write the generated Arabic article pages.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-template", type=int, default=DEFAULT_PER_TEMPLATE)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    count = write(args.out, args.per_template, args.seed)
    print(f"{count} pages from {len(TEMPLATES)} templates in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

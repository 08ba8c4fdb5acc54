"""python -m bench.articlegen OUT_DIR [--per-template N] [--seed S] [--holdout]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.articlegen.build import DEFAULT_PER_TEMPLATE, DEFAULT_SEED, write
from bench.articlegen.parts import HOLDOUT, TEMPLATES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.articlegen",
                                     description="Write the generated Arabic article pages.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-template", type=int, default=DEFAULT_PER_TEMPLATE)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--holdout", action="store_true",
                        help="write only the held-out templates (never used to tune akhbar)")
    args = parser.parse_args(argv)
    count = write(args.out, args.per_template, args.seed, args.holdout)
    print(f"{count} pages from {len(HOLDOUT if args.holdout else TEMPLATES)} templates "
          f"in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

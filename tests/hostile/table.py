"""The hostile cases as the Markdown table of docs/robustness.md:
`python -m tests.hostile.table` prints it, `--write` puts it in place of the doc's table."""

from __future__ import annotations

import sys

from tests.hostile.site import Case, all_cases
from tests.sitefixtures import ROOT

HEADER = "| # | path | hostile condition | outcome |\n| ---: | --- | --- | --- |"
DOC = ROOT / "docs" / "robustness.md"


def outcome(case: Case) -> str:
    return "article row" if case.expect == "article" else f"reject `{case.expect}`"


def table(cases: list[Case]) -> str:
    rows = [f"| {i} | `{c.path}` | {c.what} | {outcome(c)} |" for i, c in enumerate(cases, 1)]
    return "\n".join([HEADER, *rows])


def write(cases: list[Case]) -> None:
    """Replace the table of docs/robustness.md (its header line to the next blank line)."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(HEADER)
    end = text.find("\n\n", start)
    DOC.write_text(text[:start] + table(cases) + (text[end:] if end >= 0 else "\n"),
                   encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        write(all_cases())
    else:
        print(table(all_cases()))

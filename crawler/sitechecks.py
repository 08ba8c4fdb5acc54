"""What the checks of a site's configuration share (crawler/siteconfig.py,
crawler/siteoverrides.py): the error of one problem, a check's answer (`Problem`), and how a
value is shown in a one-line error."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree


class SiteConfigError(ValueError):
    """One problem of a site's configuration, on one line: the site, the key, what is wrong and
    what is allowed."""

    def __init__(self, site: str, key: str, problem: str, allowed: str = "") -> None:
        self.site, self.key, self.problem, self.allowed = site, key, problem, allowed
        text = f'site "{site}": {key}: {problem}'
        super().__init__(f"{text}; allowed: {allowed}" if allowed else text)


class CatalogueError(ValueError):
    """The catalogue did not load. `problems` holds every problem found, one line each; the
    message is the first one and how many more there are."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = len(problems) - 1
        super().__init__(problems[0] + (f" (and {more} more: akhbar sites --check)" if more
                                        else ""))


@dataclass(frozen=True)
class Problem:
    """What is wrong with a value, where inside it, and what is allowed ("": what the key allows
    as a whole)."""

    problem: str
    at: str = ""  # e.g. '["utc_marker_is_local"]' inside the dict of overrides["dates"]
    allowed: str = ""


Check = Callable[[Any], Iterator[Problem]]


def shown(value: Any) -> str:
    """A value as an error shows it: a string in double quotes, anything else with its type."""
    text = f'"{value}"' if isinstance(value, str) else f"{type(value).__name__} {value!r}"
    return text if len(text) <= 60 else text[:57] + "..."


def hint(value: Any, choices: Any) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1) if isinstance(value, str) else []
    return f' (did you mean "{close[0]}"?)' if close else ""


def unless(ok: bool, value: Any, problem: str = "") -> Iterator[Problem]:
    if not ok:
        yield Problem(problem or f"got {shown(value)}")


def compiles(compile_: Callable[[str], object], value: Any) -> Iterator[Problem]:
    error = compile_error(compile_, value)
    if error:
        yield Problem(error)


def compile_error(compile_: Callable[[str], object], value: Any) -> str:
    """Why `value` does not compile ("" when it does)."""
    if not isinstance(value, str):
        return f"got {shown(value)}"
    try:
        compile_(value)
    except (re.error, etree.XPathSyntaxError, AttributeError, IndexError, KeyError,
            ValueError) as exc:
        return f"{shown(value)}: {type(exc).__name__}: {exc}"
    return ""

"""A proposed site: what `akhbar add-site` found and guessed, and the spider module it writes.

The module has the catalogue's shape (one class, attributes only) and a docstring that keeps
apart what was read on the site (feeds, sitemaps) and what is a guess a person must confirm
(article pattern, timezone, country), as every module under crawler/spiders/ does.
"""

from __future__ import annotations

import ipaddress
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Proposal:
    """What add-site found on a site and what it guesses, as a spider's attributes."""

    name: str
    home: str
    outlet: str
    domains: tuple[str, ...] = ()
    country: str = ""
    timezone: str = "UTC"
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    article_pattern: str = ""
    found: list[str] = field(default_factory=list)  # facts read on the site
    guesses: list[str] = field(default_factory=list)  # what a person must confirm

    def summary(self) -> str:
        """A few lines for the terminal."""
        lines = [f"{self.name}: {self.outlet} ({self.home})",
                 f"  feeds:    {', '.join(self.feeds) or '-'}",
                 f"  sitemaps: {', '.join(self.sitemaps) or '-'}",
                 f"  pattern:  {self.article_pattern or '-'}",
                 f"  country:  {self.country or '-'}    timezone: {self.timezone}"]
        return "\n".join(lines + [f"  found: {f}" for f in self.found]
                         + [f"  guess: {g}" for g in self.guesses])


def is_ip(host: str) -> bool:
    """True for an IPv4 or IPv6 address."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def default_name(host: str) -> str:
    """A spider name from a host: www.al-example.com -> alexample, 127.0.0.1 -> site_127_0_0_1."""
    if is_ip(host):
        return "site_" + re.sub(r"\W", "_", host)
    labels = [x for x in host.lower().split(".") if x not in ("www", "m")][:-1]
    labels = [x for x in labels if x not in ("com", "co", "net", "org", "gov")] or labels
    name = re.sub(r"[^a-z0-9]", "", "".join(labels))
    return name if name[:1].isalpha() else f"site{name}"


def module_source(p: Proposal) -> str:
    """The spider module for a proposal: attributes only, a docstring saying what is a guess."""
    doc = "\n".join([f"    {p.outlet}: proposed by akhbar add-site on {date.today()}.", "",
                     "    Found on the site:", *(_bullet(f) for f in p.found), "",
                     "    Guesses to confirm by a person and on the first live run:",
                     *(_bullet(g) for g in p.guesses)]).replace('"""', "'''")
    pattern = p.article_pattern
    literal = f'r"{pattern}"' if '"' not in pattern and not pattern.endswith("\\") else _q(pattern)
    literal += "  # noqa: E501" if len(literal) > 78 else ""
    return "\n".join([
        "from __future__ import annotations", "", "from crawler.spiders.base import NewsSpider",
        "", "", f"class {p.name.title().replace('_', '')}Spider(NewsSpider):",
        f'    """{doc.lstrip()}\n    """', "", f"    name = {_q(p.name)}",
        f"    home = {_q(p.home)}", f"    domains = {_tuple(p.domains)}",
        f"    country = {_q(p.country)}", f"    feeds = {_tuple(p.feeds)}",
        f"    sitemaps = {_tuple(p.sitemaps)}", f"    article_pattern = {literal}",
        f"    timezone = {_q(p.timezone)}", ""])


def _bullet(text: str) -> str:
    return textwrap.fill("- " + text.replace("\\", "/"), 96, initial_indent="    ",
                         subsequent_indent="      ", break_long_words=False)


def _q(value: str) -> str:
    """A double-quoted Python string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tuple(values: list[str] | tuple[str, ...]) -> str:
    if len(values) == 1 and len(_q(values[0])) < 70:
        return f"({_q(values[0])},)"
    return "(\n" + "".join(f"        {_q(v)},\n" for v in values) + "    )" if values else "()"

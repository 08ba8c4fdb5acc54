"""Article or not: the page-type decision. Section fronts, tag, author, search and archive pages
and link directories are lists of teasers, and an extractor run on them returns the teasers as if
they were a body; an article may carry teaser blocks too (related, most read), or be short.

The decision adds up evidence in log-odds (+ article, - listing) and rejects a page as
`not_article` only when the evidence against it is strong; when unsure the page is kept, with
a `page_type_confidence` (the logistic of the evidence) that says so:
- what the page declares (JSON-LD @type, og:type, microdata) and the shape of its URL
  (pipelines.extract.pagesignals); the spider's article pattern when the URL matched it, or the lack
  of one when the link was followed without a pattern;
- its text (pipelines.extract.teasers): the share of the extracted running text that is teaser
  summaries, and the largest body of plain paragraphs held together.
A page with too little running text (a gallery, a video page, a menu) is not an article either,
unless the evidence for an article is strong and it has half the minimum (a wire brief), or
stronger still (two declarations) and one paragraph of prose (a one-sentence brief, a short post).
The running text is the extracted body's, plus, on a page whose declarations and URL say article,
the plain paragraphs that follow its headline in their own container when the extractor took
another part of the page (a block of ads or teasers, a menu) instead: those count as running text,
and the doubt lowers the confidence.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from pipelines import Reject
from pipelines.extract.metadata import PageMetadata
from pipelines.extract.page import Page
from pipelines.extract.pagesignals import Evidence, declared, url_shape
from pipelines.extract.teasers import (
    IGNORED,
    MATCH_CHARS,
    PROSE_MIN_WORDS,
    TeaserFinder,
    listing_share,
    prose_blocks,
    prose_chars,
    teaser_split,
)

logger = logging.getLogger(__name__)

__all__ = ["PROSE_MIN_WORDS", "NotArticle", "Verdict", "is_listing", "judge", "listing_share",
           "prose_chars", "read_page_type"]

# evidence of discovery and of the text (log-odds, + for an article)
W_PATTERN = 2.5  # the URL matched the site's article pattern
W_UNVERIFIED = -2.0  # any on-site link, followed without a pattern
W_TEASERS = -5.0  # times the teaser share above TEASER_NEUTRAL
TEASER_NEUTRAL = 0.3
W_BODY = 1.0  # per BODY_UNIT characters of plain paragraphs held together, up to BODY_CAP
BODY_UNIT = 800
BODY_CAP = 2.0
REJECT_BELOW = -1.5  # total evidence under which a page is rejected as not an article
SHORT_TEXT_SCORE = 1.0  # evidence (an article URL, a declaration) letting a short text pass ...
SHORT_TEXT_SHARE = 0.5  # ... when it has this share of the minimum running text
BRIEF_SCORE = 2.0  # evidence (two declarations) letting one paragraph of prose pass
W_MISSED = -0.5  # the extractor missed the body that follows the headline: less sure
HEADLINE_UP = 3  # levels above a headline within which its body is held
HEADLINE_MIN_WORDS = 2  # an h1 of fewer words is a logo or a label, not a headline
LISTING_SHARE = 0.5  # is_listing: this share of the running text in teasers


class NotArticle(Reject):
    """Reject `not_article` from the extract stage, with the page-type confidence."""

    def __init__(self, detail: str, confidence: float) -> None:
        super().__init__("extract", "not_article", detail)
        self.page_type_confidence = confidence

    def __reduce__(self) -> tuple[type[NotArticle], tuple[str, float]]:
        return NotArticle, (self.detail, self.page_type_confidence)  # picklable as itself


@dataclass
class Verdict:
    """The page-type decision: evidence, total, confidence in [0, 1] that it is an article."""

    evidence: list[Evidence] = field(default_factory=list)
    teaser_share: float = 0.0
    prose: int = 0

    @property
    def score(self) -> float:
        """Total evidence (log-odds): positive for an article."""
        return sum(e.weight for e in self.evidence)

    @property
    def confidence(self) -> float:
        """Confidence in [0, 1] that the page is an article: the logistic of the score."""
        return round(1 / (1 + math.exp(-self.score)), 3)

    @property
    def is_article(self) -> bool:
        """The evidence against an article is not strong enough to reject the page."""
        return self.score >= REJECT_BELOW

    def problem(self, min_text_chars: int) -> str | None:
        """Why the page is not an article (the detail of its reject), None when it is one.

        Too little running text rejects a page, unless the evidence that it is an article is
        strong and it has at least SHORT_TEXT_SHARE of the minimum: a wire brief of two
        sentences on a page that declares itself an article is one; with BRIEF_SCORE, one
        paragraph of prose is enough (a one-sentence brief, a short post)."""
        if self.prose < min_text_chars and not self._brief_enough(min_text_chars):
            return f"{self.prose} characters of running text ({self.explain()})"
        if not self.is_article:
            return f"confidence {self.confidence:.2f} ({self.explain()})"
        return None

    def _brief_enough(self, min_text_chars: int) -> bool:
        """A short text that is all of an article: half the minimum with strong evidence, or one
        paragraph of prose with stronger evidence (two declarations: og:type and the URL)."""
        if self.score >= BRIEF_SCORE:
            return self.prose > 0
        return self.score >= SHORT_TEXT_SCORE and self.prose >= SHORT_TEXT_SHARE * min_text_chars

    def explain(self) -> str:
        """The evidence, one term each, and its total: the detail of a reject."""
        return ", ".join(str(e) for e in self.evidence) + f" = {self.score:+.1f}"


def read_page_type(page: Page, text: str) -> Verdict:
    """The page-type decision on the page and its extracted body `text` (`judge`)."""
    return judge(page.tree, page.metadata, text, page.url, page.discovery)


def judge(tree: lxml_html.HtmlElement, md: PageMetadata, text: str, url: str,
          discovery: Mapping[str, Any] | None = None) -> Verdict:
    """Weigh the page's declarations, URL, discovery and text: is it an article?"""
    discovery = discovery or {}
    verdict = Verdict(evidence=declared(md, tree))
    shape = url_shape(url)
    if shape:
        verdict.evidence.append(shape)
    if discovery.get("pattern_matched"):
        verdict.evidence.append(Evidence("article_pattern", W_PATTERN))
    elif discovery.get("unverified"):
        verdict.evidence.append(Evidence("unverified_link", W_UNVERIFIED))
    teasers, others, body = teaser_split(tree, text, url)
    verdict.prose = prose_chars(_without_headlines(text, md.h1))
    if (verdict.prose < BODY_UNIT and verdict.score >= SHORT_TEXT_SCORE
            and (missed := missed_body(tree, text, url))):  # only on a page declared an article
        verdict.evidence.append(Evidence("missed_body", W_MISSED))
        verdict.prose += missed
        others += missed
        body = max(body, missed)
    if teasers + others:
        share = verdict.teaser_share = teasers / (teasers + others)
        verdict.evidence.append(Evidence("teasers", round(
            W_TEASERS * max(0.0, share - TEASER_NEUTRAL), 1)))
        verdict.evidence.append(Evidence("body", round(min(BODY_CAP, W_BODY * body / BODY_UNIT),
                                                       1)))
    logger.debug("page type of %s: %s", url, verdict.explain())
    return verdict


def _without_headlines(text: str, headlines: list[str]) -> str:
    """The text without a headline that opens a line: an extractor that falls back to the page's
    whole text glues the headline, the byline and a caption into one line that looks like prose."""
    heads = tuple(h for h in headlines if len(h.split()) >= HEADLINE_MIN_WORDS)
    if not heads:
        return text
    lines = []
    for line in text.split("\n"):
        head = next((h for h in heads if line.lstrip().startswith(h)), None)
        lines.append(line.lstrip()[len(head):] if head else line)
    return "\n".join(lines)


def missed_body(tree: lxml_html.HtmlElement, text: str, url: str) -> int:
    """Characters of the plain paragraphs (no teaser summaries) that follow a headline (h1) in
    its own container, up to HEADLINE_UP levels above it, and that the extracted `text` left out:
    the body an extractor misses when it takes a block of ads, teasers or a menu instead. Only the
    largest run held together by one parent or grandparent counts."""
    scopes = [(h1, set(list(h1.iterancestors())[:HEADLINE_UP]))
              for h1 in tree.iter("h1") if len(h1.text_content().split()) >= HEADLINE_MIN_WORDS]
    if not scopes:
        return 0
    flat = IGNORED.sub("", text)
    order = {node: at for at, node in enumerate(tree.iter())}
    finder = TeaserFinder(url)
    runs: dict[lxml_html.HtmlElement, int] = {}
    for block, own in prose_blocks(tree):
        key = IGNORED.sub("", own)
        if key[:MATCH_CHARS] in flat or not any(
                order[block] > order[h1] and not scope.isdisjoint(block.iterancestors())
                for h1, scope in scopes):
            continue
        if finder.is_teaser(block, own):
            continue
        parent = block.getparent()
        for holder in (parent, parent.getparent() if parent is not None else None):
            if holder is not None:
                runs[holder] = runs.get(holder, 0) + len(key)
    return max(runs.values(), default=0)


def is_listing(tree: lxml_html.HtmlElement, text: str, url: str = "") -> bool:
    """True when most of the extracted running text is teaser summaries (the text alone)."""
    return listing_share(tree, text, url) >= LISTING_SHARE

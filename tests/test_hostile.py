"""A real crawl of the hostile test web (tests/hostile/) on 127.0.0.1: every case ends as the
article row or the reject row it must, every URL fetched has a row, and docs/robustness.md lists
every case with its outcome."""

from __future__ import annotations

import re

import pytest

from tests.hostile import cases_transport
from tests.hostile.cases_core import INSIDE_HOST
from tests.hostile.crawls import HostileCrawl, crawl_cases
from tests.hostile.site import ARTICLE_OUTCOME, all_cases
from tests.hostile.table import outcome, table
from tests.sitefixtures import ROOT

CASES = all_cases()
DOC = ROOT / "docs" / "robustness.md"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> HostileCrawl:
    # the crashing stages of cases_transport; INSIDE_HOST counts as the site's own host, so that
    # a redirect there meets the address guard (never a connection: only 127.0.0.1 is allowed)
    return crawl_cases(CASES, tmp_path_factory.mktemp("hostile"), cases_transport.settings(),
                       "-a", f"domains={INSIDE_HOST}")


@pytest.fixture(scope="module")
def outcomes(crawl) -> dict[str, set[str]]:
    assert not crawl.rejects.empty, crawl.stderr[-3000:]
    return crawl.outcomes()


def test_there_are_at_least_40_hostile_cases():
    assert len(CASES) >= 40, len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
def test_each_hostile_case_ends_as_the_row_it_must(case, outcomes):
    got = set().union(*(outcomes.get(p, set()) for p in case.paths))
    assert case.expect in got, f"{case.what}: expected {case.expect}, got {sorted(got)}"
    if case.expect != ARTICLE_OUTCOME:
        assert ARTICLE_OUTCOME not in got, f"{case.what}: stored as an article"


def test_every_url_the_crawl_fetched_has_a_row(crawl, outcomes):
    fetched = {path for path in crawl.requests if path.startswith("/a/")}
    assert fetched, "the crawl fetched no case page"
    assert not fetched - set(outcomes), sorted(fetched - set(outcomes))


def test_the_crawl_goes_on_past_every_case_and_its_exit_code_names_the_stage_errors(crawl):
    assert crawl.returncode == 1  # the crashing stages are akhbar bugs: a person must look
    assert "error_crash" in crawl.stdout + crawl.stderr


def test_docs_robustness_lists_every_case_with_its_outcome():
    text = DOC.read_text(encoding="utf-8")
    assert table(CASES) in text, "regenerate the table: python -m tests.hostile.table --write"
    for case in CASES:
        assert f"`{case.path}`" in text and outcome(case) in text


def reasons_in_code() -> set[str]:
    """Every reject reason the code can write, from where each is defined."""
    from crawler.failures import TRANSIENT_REASONS, FetchRejected
    from pipelines.store.ledger import LASTING_REJECTS

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    found = {c.reason for c in subclasses(FetchRejected)} | set(TRANSIENT_REASONS)
    found |= set(LASTING_REJECTS) | {c.expect for c in CASES if c.expect != ARTICLE_OUTCOME}
    patterns = {  # where reasons are written as literals, and how
        r'(?:Reject|DiscoveryError)\(\s*(?:"[a-z]+", )?"([a-z_]+)"': ["crawler/discovery/feeds.py",
                                                                     "pipelines/*.py"],
        r'\.failed\([^,]+, "([a-z_]+)"': ["crawler/spiders/base.py"],
        r'return "([a-z_]+)", None': ["crawler/failures.py"],
    }
    for pattern, places in patterns.items():
        for place in places:
            for source in sorted(ROOT.glob(place)):
                found |= set(re.findall(pattern, source.read_text(encoding="utf-8")))
    return {r for r in found if not re.fullmatch(r"http_\d+|error_[a-z]+", r)}


def test_docs_robustness_explains_every_reject_reason_the_code_can_write():
    text = DOC.read_text(encoding="utf-8")
    reasons = reasons_in_code()
    assert {"timeout", "truncated", "not_article", "forbidden_address"} <= reasons
    assert sorted(r for r in reasons if f"`{r}`" not in text) == []

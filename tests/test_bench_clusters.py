"""bench/clusterset.py's labelled set and bench/clusters.py's pair scores, on a small scale."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from itertools import combinations

import pytest

from bench.clusters import Scores, score
from bench.clusterset import Doc, build_set
from pipelines.signature import body_words, shingles
from tests.conftest import ROOT

CATEGORIES = {"original", "topic", "followup", "short"}
EDITS = {"headline", "added", "cut", "credit", "boilerplate", "words", "rendered"}


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    return build_set(5, None, 12)


def _jaccard(a: Doc, b: Doc) -> float:
    first, second = (shingles(body_words(d.text), 3) for d in (a, b))
    return len(first & second) / len(first | second)


def _stories(docs: list[Doc]) -> dict[str, list[Doc]]:
    out: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        out[doc.story].append(doc)
    return out


def test_each_story_has_one_first_article_and_copies_on_other_sites(docs: list[Doc]) -> None:
    assert len({d.doc_id for d in docs}) == len(docs)
    for story, members in _stories(docs).items():
        first = [d for d in members if d.kind in CATEGORIES]
        assert len(first) == 1, story
        assert len(members) <= 9, story  # at most 8 copies
        sites = [d.site for d in members]
        assert len(set(sites)) == len(sites), story
        for copy in members:
            if copy is not first[0]:
                assert set(copy.kind.split(":")[-1].split("+")) <= EDITS, copy.kind
    originals = [d for d in docs if d.kind == "original"]
    assert len(originals) == 12
    assert all(len(d.text.split()) >= 60 for d in originals)
    assert all(60 <= len(d.text.split()) <= 120 for d in docs if d.kind == "short")
    assert {"topic", "followup", "short"} <= {d.kind for d in docs}
    assert any("rendered" in d.kind for d in docs)
    assert any(d.agency for d in docs)


def test_docs_of_different_stories_share_few_word_runs_and_copies_keep_many(
        docs: list[Doc]) -> None:
    """The labels are what a reader would say: no two stories are near copies of each other
    (topic stories share names, not sentences; a follow-up repeats at most two paragraphs of
    background), and every copy keeps a good part of its story's text."""
    for a, b in combinations(docs, 2):
        if a.story != b.story:
            followup = "followup" in a.kind + b.kind
            assert _jaccard(a, b) < (0.45 if followup else 0.3), (a.doc_id, b.doc_id)
    for members in _stories(docs).values():
        for copy in members:
            if len(members) > 1 and copy.kind not in CATEGORIES:
                assert max(_jaccard(copy, m) for m in members if m is not copy) >= 0.25


def _with_originals(docs: list[Doc], kind: str) -> list[tuple[Doc, Doc]]:
    """The documents of this kind, each with the original of the story it was made from."""
    by_story = _stories(docs)
    found = [(d, by_story[d.story.split("~")[0]][0]) for d in docs if d.kind == kind]
    assert found
    return found


def test_topic_story_names_what_its_original_names(docs: list[Doc]) -> None:
    for topic, original in _with_originals(docs, "topic"):
        shared = set(original.text.split()) & set(topic.text.split())
        assert len([w for w in shared if len(w) > 3]) >= 2, topic.doc_id


def test_followup_is_mostly_new_text(docs: list[Doc]) -> None:
    for followup, original in _with_originals(docs, "followup"):
        repeated = [p for p in followup.text.split("\n") if p in original.text.split("\n")]
        assert 1 <= len(repeated) <= 2, followup.doc_id
        assert sum(len(p.split()) for p in repeated) <= 0.4 * len(followup.text.split())


def test_same_seed_gives_the_same_set() -> None:
    assert build_set(9, None, 4) == build_set(9, None, 4)
    assert build_set(9, None, 4) != build_set(10, None, 4)


def _doc(doc_id: str, story: str) -> Doc:
    return Doc(doc_id, story, "site", "title", "text", None, "original")


def test_pair_precision_and_recall_on_a_hand_made_labelling() -> None:
    docs = [_doc("a1", "A"), _doc("a2", "A"), _doc("a3", "A"), _doc("b", "B"), _doc("c", "C")]
    clusters = {"a1": "x", "a2": "x", "a3": "y", "b": "y", "c": "z"}
    scores = score(docs, clusters)
    assert isinstance(scores, Scores)
    assert scores.gold == {("a1", "a2"), ("a1", "a3"), ("a2", "a3")}
    assert scores.predicted == {("a1", "a2"), ("a3", "b")}
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(1 / 3)


def test_every_doc_alone_has_full_precision_and_no_recall() -> None:
    docs = [_doc("a1", "A"), _doc("a2", "A"), _doc("b", "B")]
    scores = score(docs, {"a1": "1", "a2": "2", "b": "3"})
    assert (scores.precision, scores.recall) == (1.0, 0.0)


def test_quick_run_prints_precision_and_recall() -> None:
    run = subprocess.run([sys.executable, "-m", "bench.clusters", "--quick"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert re.search(r"^precision [01]\.\d{3}$", run.stdout, re.MULTILINE), run.stdout
    assert re.search(r"^recall [01]\.\d{3}$", run.stdout, re.MULTILINE), run.stdout
    assert "projected to 1,000,000 entries" in run.stdout

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipelines import Reject
from pipelines.dedup import Deduplicator
from pipelines.signature import exact_key
from pipelines.store.clusters import ClusterIndex


def test_the_same_canonical_url_twice_in_a_run_is_a_reject():
    state = Deduplicator()
    state.dedup({"url": "http://h/a/1", "text": "نص"})
    with pytest.raises(Reject) as caught:
        state.dedup({"url": "http://h/a/1", "fetched_url": "http://h/a/1?utm=x", "text": "نص"})
    assert caught.value.reason == "duplicate_url"


def test_identical_text_at_another_url_is_flagged_not_dropped():
    state = Deduplicator()
    first = state.dedup({"url": "http://h/a/1", "text": "نص  الخبر"})
    second = state.dedup({"url": "http://h/b/2", "text": "نصُّ الخبرِ."})
    other = state.dedup({"url": "http://h/c/3", "text": "خبر آخر"})
    assert first["duplicate_of"] is None
    assert second["duplicate_of"] == "http://h/a/1"
    assert other["duplicate_of"] is None
    assert first["content_hash"] == exact_key("نص الخبر") != other["content_hash"]


def test_without_normalisation_different_bodies_are_not_duplicates():
    """The key is made from the body itself: text_norm missing (NORMALIZE_ENABLED=False) must
    not make every article a copy of the first."""
    state = Deduplicator(index=ClusterIndex(None))
    rows = [state.dedup({"url": f"http://h/a/{i}", "text": f"خبر رقم {i} عن موضوع مختلف",
                         "fetched_at": datetime(2026, 12, 1, tzinfo=UTC)}) for i in range(5)]
    assert [row["duplicate_of"] for row in rows] == [None] * 5
    assert len({row["cluster_id"] for row in rows}) == 5


def test_the_index_names_the_first_copy_on_another_site():
    state_a = Deduplicator(index=(index := ClusterIndex(None)))
    state_b = Deduplicator(index=index)
    body = "قال وزير الخارجية اليوم إن المحادثات ستستأنف الأسبوع المقبل في القاهرة"
    first = state_a.dedup({"url": "http://a/1", "site": "a", "text": body,
                           "fetched_at": datetime(2026, 12, 1, tzinfo=UTC)})
    copy = state_b.dedup({"url": "http://b/9", "site": "b", "text": body + ".",
                          "fetched_at": datetime(2026, 12, 1, 3, tzinfo=UTC)})
    assert copy["duplicate_of"] == "http://a/1"
    assert copy["cluster_id"] == first["cluster_id"] and copy["cluster_size"] == 2


def test_an_article_a_schema_5_ledger_knows_by_its_old_hash_is_unchanged(tmp_path):
    """Ledgers written before schema 6 hold SHA-1 of text_norm: the first run after an upgrade
    must not write every re-fetched article again as a new version."""
    from pipelines import Unchanged
    from pipelines.dedup import legacy_hash
    from pipelines.store.ledger import Ledger

    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.commit([{"url": "http://h/a/1", "content_hash": legacy_hash("نص الخبر"),
                    "version": 1}])
    state = Deduplicator(ledger=ledger)
    with pytest.raises(Unchanged):
        state.dedup({"url": "http://h/a/1", "text": "نص الخبر", "text_norm": "نص الخبر"})
    changed = state.dedup({"url": "http://h/a/1", "text": "نص آخر", "text_norm": "نص اخر"})
    assert changed["version"] == 2
    ledger.close()

from __future__ import annotations

import pytest

from pipelines import Reject
from pipelines.dedup import Deduplicator, content_hash


def test_the_same_canonical_url_twice_in_a_run_is_a_reject():
    state = Deduplicator()
    state.dedup({"url": "http://h/a/1", "text_norm": "نص"})
    with pytest.raises(Reject) as caught:
        state.dedup({"url": "http://h/a/1", "fetched_url": "http://h/a/1?utm=x",
                     "text_norm": "نص"})
    assert caught.value.reason == "duplicate_url"


def test_identical_text_at_another_url_is_flagged_not_dropped():
    state = Deduplicator()
    first = state.dedup({"url": "http://h/a/1", "text_norm": "نص  الخبر"})
    second = state.dedup({"url": "http://h/b/2", "text_norm": "نص الخبر"})
    other = state.dedup({"url": "http://h/c/3", "text_norm": "خبر اخر"})
    assert first["duplicate_of"] is None
    assert second["duplicate_of"] == "http://h/a/1"
    assert other["duplicate_of"] is None
    assert first["content_hash"] == content_hash("نص الخبر") != other["content_hash"]

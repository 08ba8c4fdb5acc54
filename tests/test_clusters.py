"""The story index (pipelines/store/clusters.py) and the signatures it compares
(pipelines/signature.py, pipelines/store/minhash.py), on texts the tests write. What both story
indexes (SQLite and Redis) must do alike is tested against both in tests/test_redis_clusters.py;
here, what is the SQLite index's own."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from datasketch import MinHash, MinHashLSH
from rensa import RMinHash

from pipelines.signature import body_words, exact_key, rebuild, shingles, signature
from pipelines.store.clusters import ClusterIndex
from pipelines.store.minhash import SEED, ClusterParams, optimal_bands, similarity

DAY = datetime(2026, 11, 20, 8, tzinfo=UTC)
PARAMS = ClusterParams()
VOCABULARY = ("الحكومة الوزير البرلمان الاقتصاد المدينة الاجتماع القرار المشروع الطاقة الميناء "
              "المياه الشركة المستشفى المدارس الطلاب الانتخابات اللجنة الميزانية الأسعار السوق "
              "المطار الزراعة المحافظ الشرطة المحكمة النقل الكهرباء التعليم الصحة الاستثمار "
              "أعلن قال أكد أشار أضاف اليوم أمس غدا خلال بعد قبل مع في على من إلى عن").split()


def story(seed: int, words: int = 150) -> str:
    rng = random.Random(seed)
    lines = [" ".join(rng.choice(VOCABULARY) for _ in range(25)) for _ in range(words // 25)]
    return "\n".join(lines)


def add(index: ClusterIndex, url: str, text: str, when: datetime = DAY, **extra):
    return index.assign(url=url, site=url.split("/")[2], seen=when, exact=exact_key(text),
                        sig=signature(text, index.params), **extra)


def test_folded_words_ignore_harakat_spelling_variants_digits_and_punctuation():
    assert body_words("أعلنَ الوزيرُ، اليوم: ٣ قرارات!") == body_words("اعلن الوزير اليوم 3 قرارات")
    assert exact_key("مدرسة جديدة") == exact_key("مدرسه جديده")
    assert exact_key("") is None and exact_key("،،") is None


def test_a_short_body_gets_no_signature_but_an_exact_key():
    assert signature("خبر قصير من ثلاث كلمات", PARAMS) is None
    assert signature(story(1), PARAMS) is not None


def as_datasketch(sig: bytes) -> MinHash:
    values = np.frombuffer(sig, dtype="<u4").astype(np.uint64)
    return MinHash(num_perm=len(values), hashvalues=values, scheme="affine32")


@pytest.mark.parametrize("threshold", [0.2, 0.3, 0.5, 0.8])
def test_the_bands_are_those_datasketchs_lsh_chooses(threshold):
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    assert optimal_bands(threshold, 128) == (lsh.b, lsh.r)


def test_the_index_finds_what_datasketchs_lsh_finds():
    """The on-disk bands are datasketch's MinHashLSH buckets: the same candidates."""
    index = ClusterIndex(None)
    lsh = MinHashLSH(threshold=PARAMS.lsh_threshold, num_perm=PARAMS.num_perm)
    texts = {}
    for i in range(60):
        base = story(i % 20)
        lines = base.split("\n")
        rng = random.Random(i)
        lines[rng.randrange(len(lines))] = story(1000 + i, 25)  # one line rewritten
        texts[f"http://s{i}/a"] = "\n".join(lines[: len(lines) - i % 3])
    for url, text in texts.items():
        sig = signature(text, PARAMS)
        query = set(lsh.query(as_datasketch(sig)))
        assert {u for u, _, _ in index.candidates(sig)} == query
        index.assign(url=url, site=None, seen=DAY, exact=None, sig=sig)
        lsh.insert(url, as_datasketch(sig))


def test_similarity_is_rensas_jaccard_estimate():
    texts = story(3), story(3) + "\n" + story(4, 50)
    a, b = (signature(t, PARAMS) for t in texts)
    minhashes = [RMinHash(PARAMS.num_perm, SEED) for _ in texts]
    for minhash, text in zip(minhashes, texts, strict=True):
        minhash.update(list(shingles(body_words(text), PARAMS.shingle_words)))
    assert similarity(a, b) == pytest.approx(minhashes[0].jaccard(minhashes[1]))
    assert 0.5 < similarity(a, b) < 1.0


def test_the_index_never_holds_more_than_max_entries_and_its_file_stops_growing(tmp_path):
    index = ClusterIndex(tmp_path / "c.sqlite", max_entries=300)
    sizes = []
    for batch in range(3):
        for i in range(600):
            n = batch * 600 + i
            add(index, f"http://s{n % 7}/{n}", story(50_000 + n, 60),
                DAY + timedelta(minutes=n))
        index.commit()
        index.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes.append((tmp_path / "c.sqlite").stat().st_size)
        assert index.count == 300
        assert index.db.execute("SELECT count(*) FROM entries").fetchone()[0] == 300
    bands = index.db.execute("SELECT count(*) FROM bands").fetchone()[0]
    assert bands <= 300 * PARAMS.bands[0]
    assert sizes[2] <= sizes[1] * 1.1, sizes  # freed pages are reused
    index.close()


def test_a_corrupt_index_is_set_aside_and_rebuilt_with_the_written_cluster_ids(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    rows = [{"url": "http://a/1", "site": "a", "fetched_at": DAY, "text": story(61),
             "agency": None, "cluster_id": "0000aaaa"},
            {"url": "http://b/1", "site": "b", "fetched_at": DAY + timedelta(hours=1),
             "text": story(61) + "\n" + story(62, 25), "agency": "SPA",
             "cluster_id": "0000aaaa"}]
    schema = pa.schema([("url", pa.string()), ("site", pa.string()),
                        ("fetched_at", pa.timestamp("us", tz="UTC")), ("text", pa.string()),
                        ("agency", pa.string()), ("cluster_id", pa.string())])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), articles / "part-0.parquet")
    path = tmp_path / "clusters.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    index = ClusterIndex(path)
    assert index.fresh
    assert rebuild(index, articles, now=DAY + timedelta(days=1)) == 2
    copy = add(index, "http://c/1", story(61), DAY + timedelta(days=1))
    assert (copy.cluster_id, copy.duplicate_of, copy.cluster_size) == ("0000aaaa",
                                                                      "http://a/1", 3)
    assert copy.is_wire_copy
    assert list(tmp_path.glob("clusters.sqlite.*.bad"))


@pytest.mark.parametrize("bad", [{"threshold": 1.5}, {"num_perm": 4}, {"shingle_words": 0},
                                 {"threshold": 0.3, "lsh_threshold": 0.5}])
def test_impossible_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        ClusterParams(**bad)


def test_a_bad_cluster_setting_is_a_usage_error_before_any_crawl(tmp_path, capsys):
    from crawler.cli import main

    code = main(["demo", "-o", str(tmp_path), "-s", "CLUSTER_THRESHOLD=0.2"])
    assert code == 2
    assert "lsh_threshold <= threshold" in capsys.readouterr().err
    assert not (tmp_path / "articles").exists()


def test_files_of_schema_5_gain_the_story_columns_empty(tmp_path):
    from pipelines.store.migration import migrate
    from pipelines.store.schema import SCHEMA_VERSION, file_schema

    folder = tmp_path / "articles" / "site=s" / "month=2026-10"
    folder.mkdir(parents=True)
    old = file_schema("articles")
    for name in ("cluster_id", "similarity", "cluster_size", "is_wire_copy", "source",
                 "warc_file", "warc_offset"):
        old = old.remove(old.get_field_index(name))
    old = old.with_metadata({"akhbar.schema_version": "5"})
    pq.write_table(pa.Table.from_pylist([{"url": "http://h/old", "content_hash": "abc"}],
                                        schema=old), folder / "s-old-0000.parquet")
    assert migrate(tmp_path / "articles", "articles")
    table = pq.read_table(folder / "s-old-0000.parquet")
    assert table.column("cluster_id").to_pylist() == [None]
    assert table.column("is_wire_copy").to_pylist() == [None]
    assert table.column("content_hash").to_pylist() == ["abc"]
    assert table.schema.metadata[b"akhbar.schema_version"].decode() == SCHEMA_VERSION


def test_an_index_that_cannot_be_written_leaves_the_run_clustering_in_memory(tmp_path):
    path = tmp_path / "clusters.sqlite"
    index = ClusterIndex(path)
    first = add(index, "http://a/1", story(71))
    index.commit()
    index.db.execute("PRAGMA query_only=1")  # every write now fails
    copy = add(index, "http://b/1", story(71))
    later = add(index, "http://c/1", story(71))
    index.close()
    assert copy.cluster_id != first.cluster_id  # this run's own articles only ...
    assert later.cluster_id == copy.cluster_id and later.duplicate_of == "http://b/1"
    assert path.exists()  # not a full disk: the file stays (tests/test_disk_full.py: deleted)
    assert ClusterIndex(path).count == 1

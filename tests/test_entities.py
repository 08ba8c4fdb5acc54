from __future__ import annotations

import logging
from importlib.util import find_spec

import pyarrow as pa
import pytest

from pipelines.store.schema import ARTICLES, project
from pipelines.tag.entities import EntityTagger, load_recognizer, sentences, spans
from pipelines.tag.stage import TagConfig, Taggers

needs_torch = pytest.mark.skipif(
    find_spec("torch") is None or find_spec("transformers") is None,
    reason="the `ner` extra (torch, transformers) is not installed; `make test` installs it")

KNOWN = {"بغداد": "B-LOC", "مصطفى": "B-PERS", "الكاظمي": "I-PERS", "التحالف": "B-ORG"}
TEXT = "قال مصطفى الكاظمي في بغداد إن التحالف مستمر.\nوعاد الكاظمي إلى بغداد؟ نعم، عاد."


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    """A tiny BERT token classifier that knows four words, built here: nothing is downloaded."""
    if find_spec("torch") is None or find_spec("transformers") is None:
        pytest.skip("the `ner` extra (torch, transformers) is not installed")
    from tests.nermodel import build_model

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("HOME", str(tmp_path_factory.mktemp("home")))  # camel-tools makes a dir
        path = build_model(tmp_path_factory.mktemp("ner") / "model", KNOWN)
        load_recognizer(str(path))  # load inside the patched environment
        yield path


@needs_torch
def test_camel_ner_loads_a_local_model_and_finds_spans_with_offsets(model_dir):
    found = EntityTagger(load_recognizer(str(model_dir)))({"text": TEXT})["entities"]
    assert [(e["text"], e["label"]) for e in found] == [
        ("مصطفى الكاظمي", "PERS"), ("بغداد", "LOC"), ("التحالف", "ORG"), ("الكاظمي", "PERS"),
        ("بغداد", "LOC")]
    assert all(TEXT[e["start"]:e["end"]] == e["text"] for e in found)


@needs_torch
def test_batch_size_does_not_change_the_result(model_dir):
    recognizer = load_recognizer(str(model_dir))
    one = EntityTagger(recognizer, batch_size=1)({"text": TEXT})
    many = EntityTagger(recognizer, batch_size=64)({"text": TEXT})
    assert one == many and len(one["entities"]) == 5


@needs_torch
def test_the_tag_stage_fills_entities_that_parquet_accepts(model_dir):
    taggers = Taggers(TagConfig(dialect_enabled=False, ner_model_dir=str(model_dir)))
    article = taggers.run({"text": TEXT, "text_norm": TEXT, "url": "u"})
    assert article["entities"][0] == {"text": "مصطفى الكاظمي", "label": "PERS", "start": 4,
                                      "end": 17}
    table = pa.Table.from_pylist([project(article, ARTICLES)], schema=ARTICLES)
    assert table.column("entities").to_pylist()[0][1]["text"] == "بغداد"


@needs_torch
def test_max_chars_bounds_the_text_sent_to_the_model(model_dir):
    tagger = EntityTagger(load_recognizer(str(model_dir)), max_chars=30)
    assert [e["text"] for e in tagger({"text": TEXT})["entities"]] == ["مصطفى الكاظمي", "بغداد"]


def test_a_missing_model_leaves_entities_null_with_one_error_line(tmp_path, caplog):
    load_recognizer.cache_clear()
    with caplog.at_level(logging.ERROR, logger="pipelines.tag.entities"):
        taggers = Taggers(TagConfig(dialect_enabled=False, ner_model_dir=str(tmp_path)))
        Taggers(TagConfig(dialect_enabled=False, ner_model_dir=str(tmp_path)))
    assert "entities" in taggers.off
    assert taggers.run({"text": TEXT})["entities"] is None
    lines = [r for r in caplog.records if "NER off" in r.getMessage()]
    assert len(lines) == 1 and "is not a model directory" in lines[0].getMessage()


def test_no_model_configured_means_null_entities_and_no_torch():
    article = Taggers(TagConfig(dialect_enabled=False)).run({"text": TEXT})
    assert article["entities"] is None


def test_sentences_are_cut_at_paragraphs_and_end_marks_with_exact_offsets():
    cut = sentences(TEXT)
    assert [[w for w, _, _ in s] for s in cut][1] == ["وعاد", "الكاظمي", "إلى", "بغداد", "؟"]
    assert len(cut) == 3
    assert all(TEXT[start:end] == word for s in cut for word, start, end in s)


def test_diacritics_stay_inside_their_word():
    assert [w for w, _, _ in sentences("قَالَ: نَعَمْ")[0]] == ["قَالَ", ":", "نَعَمْ"]


@pytest.mark.parametrize(("labels", "expected"), [
    (["B-PERS", "I-PERS", "O", "B-LOC"], [("a b", "PERS"), ("d", "LOC")]),
    (["I-ORG", "I-ORG", "O", "O"], [("a b", "ORG")]),  # I- without B- opens a span
    (["B-LOC", "B-LOC", "I-PERS", "O"], [("a", "LOC"), ("b", "LOC"), ("c", "PERS")]),
    (["O", "O", "O", "O"], []),
])
def test_bio_labels_are_joined_into_spans(labels, expected):
    text = "a b c d"
    words = [(w, i * 2, i * 2 + 1) for i, w in enumerate(text.split())]
    assert [(e["text"], e["label"]) for e in spans(text, words, labels)] == expected


def test_a_sentence_whose_labels_do_not_line_up_is_skipped_not_shifted():
    class Dropping:
        def predict(self, batch, batch_size=32):
            return [["B-LOC"] * (len(s) - 1) for s in batch]

    assert EntityTagger(Dropping())({"text": "في بغداد اليوم"}) == {"entities": []}


@needs_torch
def test_length_bucketed_batches_predict_exactly_what_camel_tools_predicts(tmp_path):
    from tests.nermodel import build_model

    path = build_model(tmp_path / "random", layers=2, hidden=32, seed=7)  # random: labels vary
    recognizer = load_recognizer(str(path))
    batch = [[w for w, _, _ in s] for s in sentences(TEXT * 3 + "\n" + "كلمة " * 300)]
    assert any(len(s) > 254 for s in batch)  # a sentence camel-tools cuts into segments
    assert recognizer.predict(batch, batch_size=4) == recognizer.recognizer.predict(
        batch, batch_size=4)

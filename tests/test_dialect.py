from __future__ import annotations

import json
import logging
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from pipelines.tag import camel, dialect
from pipelines.tag.dialect import DialectTagger, load_identifier, missing
from pipelines.tag.stage import TagConfig, Taggers

Prediction = namedtuple("Prediction", "top scores")


class FakeIdentifier:
    """Stands in for camel-tools' DialectIdentifier (its 128+ MB data cannot be fetched here)."""

    def __init__(self, scores: list[dict[str, float]]) -> None:
        self.scores = scores
        self.seen: list[list[str]] = []

    def predict(self, sentences: list[str]) -> list[Prediction]:
        self.seen.append(sentences)
        return [Prediction(max(s, key=s.get), s) for s in self.scores[:len(sentences)]]


def camel_data(root: Path, *, with_model: bool) -> Path:
    """A camel-tools data directory whose catalogue lists the dialect model."""
    catalogue = {"version": "1.6", "packages": {}, "components": {"DialectID": {
        "default": "model26", "datasets": {"model26": {"path": "dialectid/model26"}}}}}
    root.mkdir(parents=True, exist_ok=True)
    (root / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    if with_model:
        model = root / "data" / "dialectid" / "model26"
        model.mkdir(parents=True)
        (model / f"did_pretrained_{sys.version_info.major}{sys.version_info.minor}.dill").touch()
    return root


def test_each_missing_piece_is_named(tmp_path, monkeypatch):
    assert "no camel-tools data" in missing(tmp_path / "empty")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "catalogue.json").write_text('{"components": {}}')
    assert "has no DialectID model26" in missing(tmp_path / "other")
    assert "dialect model not installed" in missing(camel_data(tmp_path / "a", with_model=False))
    installed = camel_data(tmp_path / "b", with_model=True)
    monkeypatch.setattr(dialect, "PACKAGES", ("json", "no_such_package_akhbar"))
    assert missing(installed) == (
        "Python packages missing: no_such_package_akhbar (pip install 'akhbar[dialect]')")
    monkeypatch.setattr(dialect, "PACKAGES", ("json",))
    assert missing(installed) is None


def test_without_data_the_column_is_null_and_one_line_is_logged(tmp_path, caplog):
    load_identifier.cache_clear()
    config = TagConfig(dialect_data_dir=str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="pipelines.tag.dialect"):
        first, second = Taggers(config), Taggers(config)
    lines = [r.getMessage() for r in caplog.records if "dialect" in r.getMessage()]
    assert lines == [f"dialect tagging off, the dialect column stays null: no camel-tools data "
                     f"in {tmp_path} (no catalogue.json)"]
    assert first.run({"text": "نص عربي"})["dialect"] is None and "dialect" in second.off


def test_a_broken_install_is_logged_and_does_not_stop_the_tag_stage(tmp_path, monkeypatch,
                                                                    caplog):
    load_identifier.cache_clear()
    installed = camel_data(tmp_path, with_model=True)
    monkeypatch.setattr(dialect, "PACKAGES", ())

    def broken(module, directory=None):
        raise ImportError("kenlm: undefined symbol")

    monkeypatch.setattr(camel, "import_offline", broken)
    with caplog.at_level(logging.WARNING, logger="pipelines.tag.dialect"):
        assert load_identifier(installed) is None
    assert "loading failed: ImportError('kenlm: undefined symbol')" in caplog.text
    load_identifier.cache_clear()


def test_the_label_with_the_highest_mean_score_over_paragraphs_wins():
    fake = FakeIdentifier([{"MSA": 0.5, "CAI": 0.4}, {"MSA": 0.1, "CAI": 0.8},
                           {"MSA": 0.6, "CAI": 0.3}])
    result = DialectTagger(fake)({"language": "ar", "text": "أول\nثان\n\nثالث"})
    assert result == {"dialect": "CAI"}  # 1.5 against 1.2, though MSA tops two paragraphs
    assert fake.seen == [["أول", "ثان", "ثالث"]]


def test_only_arabic_bodies_are_scored_and_only_their_first_paragraphs():
    fake = FakeIdentifier([{"MSA": 1.0}] * 5)
    tagger = DialectTagger(fake, max_sentences=2)
    assert tagger({"language": "fa", "text": "متن فارسی"}) == {"dialect": None}
    assert tagger({"language": "ar", "text": "a\nb\nc\nd"}) == {"dialect": "MSA"}
    assert fake.seen == [["a", "b"]]


def test_an_installed_identifier_is_used_by_the_tag_stage_and_its_failures_are_counted(
        monkeypatch):
    fake = FakeIdentifier([{"MSA": 0.2, "BAG": 0.7}])
    monkeypatch.setattr(dialect, "load_identifier", lambda directory, configured=True: fake)
    taggers = Taggers(TagConfig())
    text = "شلونك اليوم؟ والله الجو كلش حار ببغداد وما نكدر نطلع من البيت قبل المغرب"
    assert taggers.run({"text": text, "text_norm": text})["dialect"] == "BAG"
    fake.scores = []  # predict now returns nothing to average: a null, not a crash
    assert taggers.run({"text": text, "text_norm": text})["dialect"] is None
    fake.predict = lambda sentences: 1 / 0
    article = taggers.run({"url": "u", "text": text, "text_norm": text})
    assert article["dialect"] is None and taggers.failures["dialect"] == 1


@pytest.fixture(autouse=True)
def fresh_cache():
    yield
    load_identifier.cache_clear()

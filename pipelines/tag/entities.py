"""Named entities of the body with camel-tools' NERecognizer, loaded from a local model directory.

NER_MODEL_DIR names a BERT token-classification directory (camel-tools' AraBERT NER model, or any
model with its B-/I- LOC ORG PERS MISC labels): config.json, vocab.txt and the weights. It needs
the `ner` extra (torch, transformers). Nothing is ever downloaded: camel-tools' data catalogue is
bypassed (pipelines.tag.camel) and the Hugging Face hub is put offline before transformers loads.
The body is cut into sentences and words (with their offsets in `text`), the sentences go to the
model in batches of NER_BATCH_SIZE, and B-/I- labels are joined into
{text, label, start, end} spans, `text[start:end] == text`.

Batches are padded to their longest sentence (`Bucketed`): camel-tools' own `predict` pads every
sentence to 256 word pieces, which made a base-size model ~6 s per news article on 2 cores. The
features (camel-tools' NERDataset: word pieces, segments of long sentences) and the labels are
the same; padding is masked, so the predictions are too (tests/test_entities.py checks it).
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol

import regex

from pipelines import tunables
from pipelines.tag import camel

logger = logging.getLogger(__name__)

BATCH_SIZE = tunables.NER_BATCH_SIZE
MAX_CHARS = tunables.NER_MAX_CHARS
MAX_SEQ_LENGTH = 256  # word pieces per segment, as camel-tools cuts long sentences
IGNORED = -100  # label id of the word pieces that are not a word's first one
MODEL_FILES = ("config.json", "vocab.txt")
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
# A word: letters/digits with their marks (as simple_word_tokenize keeps them); or one symbol.
TOKEN = regex.compile(r"\p{M}*[\p{L}\p{N}][\p{L}\p{N}\p{M}]*|[\p{P}\p{S}]")
Word = tuple[str, int, int]  # the word, its start and end offsets in the text


class Recognizer(Protocol):
    def predict(self, sentences: list[list[str]], batch_size: int = ...) -> list[list[str]]: ...


def missing(model_dir: str | os.PathLike[str]) -> str | None:
    """Why a recognizer cannot be loaded from `model_dir`, or None when it can be tried."""
    path = Path(model_dir)
    absent = [name for name in MODEL_FILES if not (path / name).is_file()]
    if not path.is_dir() or absent:
        return f"{path} is not a model directory (needs {', '.join(MODEL_FILES)} and weights)"
    packages = [name for name in ("torch", "transformers") if find_spec(name) is None]
    if packages:
        return f"Python packages missing: {', '.join(packages)} (pip install 'akhbar[ner]')"
    return None


@lru_cache(maxsize=2)
def load_recognizer(model_dir: str, use_gpu: bool = False) -> Recognizer | None:
    """camel-tools' NERecognizer on a local model, or None with one error line (once)."""
    reason = missing(model_dir)
    if reason is None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            module = camel.import_offline("camel_tools.ner")
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            return Bucketed(module.NERecognizer(str(model_dir), use_gpu=use_gpu))
        except Exception as exc:  # a broken model must not stop the crawl
            reason = f"loading failed: {exc!r}"
    logger.error("NER off, the entities column stays null: %s", reason)
    return None


class Bucketed:
    """A camel-tools NERecognizer whose batches are sorted by length and padded to their longest
    sentence instead of to 256 word pieces."""

    def __init__(self, recognizer: Any) -> None:
        self.recognizer = recognizer

    def predict(self, sentences: list[list[str]], batch_size: int = BATCH_SIZE
                ) -> list[list[str]]:
        import torch
        from camel_tools.ner import NERDataset

        rec = self.recognizer
        features = NERDataset(sentences, rec.tokenizer, list(rec.labels_map.values()),
                              MAX_SEQ_LENGTH).features
        lengths = [int(f["attention_mask"].sum()) for f in features]
        order = sorted(range(len(features)), key=lengths.__getitem__)
        device = "cuda" if rec.use_gpu and torch.cuda.is_available() else "cpu"
        rec.model.to(device).eval()
        labels: list[list[str]] = [[] for _ in features]
        with torch.no_grad():
            for begin in range(0, len(order), batch_size):
                batch = order[begin:begin + batch_size]
                width = max(lengths[i] for i in batch)
                inputs = {key: torch.stack([features[i][key][:width] for i in batch]).to(device)
                          for key in ("input_ids", "token_type_ids", "attention_mask")}
                best = rec.model(**inputs)[0].argmax(-1).cpu()
                for row, i in enumerate(batch):
                    first_pieces = features[i]["label_ids"][:width] != IGNORED
                    labels[i] = [rec.labels_map[int(x)] for x in best[row][first_pieces]]
        found: list[list[str]] = [[] for _ in sentences]
        for feature, predicted in zip(features, labels, strict=True):
            found[feature["sent_id"]] += predicted
        return found


def sentences(text: str, max_chars: int = MAX_CHARS) -> list[list[Word]]:
    """The words of each sentence of `text[:max_chars]`, with offsets into `text`."""
    found = []
    offset = 0
    for paragraph in text[:max_chars].split("\n"):
        start = offset
        for part in SENTENCE_END.split(paragraph):
            begin = text.index(part, start) if part else start
            words = [(m.group(), begin + m.start(), begin + m.end()) for m in TOKEN.finditer(part)]
            if words:
                found.append(words)
            start = begin + len(part)
        offset += len(paragraph) + 1
    return found


def spans(text: str, words: list[Word], labels: list[str]) -> list[dict[str, Any]]:
    """B-/I- labels of the words joined into entity spans (an I- after O or another type opens
    a new span, as seqeval reads it)."""
    found: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for (_, start, end), label in zip(words, labels, strict=True):
        tag, _, kind = label.partition("-")
        if label == "O" or not kind:
            current = None
            continue
        if tag == "B" or current is None or current["label"] != kind:
            current = {"text": "", "label": kind, "start": start, "end": end}
            found.append(current)
        current["end"] = end
        current["text"] = text[current["start"]:end]
    return found


class EntityTagger:
    """The tagger: entities of `text`, the article's sentences batched through the model."""

    def __init__(self, recognizer: Recognizer, batch_size: int = BATCH_SIZE,
                 max_chars: int = MAX_CHARS) -> None:
        self.recognizer = recognizer
        self.batch_size = batch_size
        self.max_chars = max_chars

    def __call__(self, article: dict[str, Any]) -> dict[str, Any]:
        text = article.get("text") or ""
        batch = sentences(text, self.max_chars)
        if not batch:
            return {"entities": []}
        labels = self.recognizer.predict([[w for w, _, _ in s] for s in batch],
                                         batch_size=self.batch_size)
        found = []
        for words, predicted in zip(batch, labels, strict=True):
            if len(predicted) == len(words):
                found += spans(text, words, predicted)
            else:  # the model dropped a word it could not tokenise: offsets would shift
                logger.debug("NER skipped a sentence of %s: %d labels for %d words",
                             article.get("url"), len(predicted), len(words))
        return {"entities": found}

"""A tiny BERT token-classification model, built locally for the NER tests (nothing downloaded).

Its weights are random except where a test wants a known answer: `words` maps a whole word of the
vocabulary to the label the model must give it ("B-PERS" ...); every other word gets "O". With no
transformer layer, a token's hidden state is the layer-normed sum of its embeddings, so a word
whose embedding points along one axis gets the label the classifier reads off that axis.
"""

from __future__ import annotations

from pathlib import Path

LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ0123456789"


def build_model(path: Path, words: dict[str, str] | None = None, *, layers: int = 0,
                hidden: int = 16, vocab_words: list[str] | None = None, seed: int = 0) -> Path:
    """Save a BERT token classifier with camel-tools' NER labels in `path`; return `path`."""
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    words = words or {}
    vocab = list(dict.fromkeys(SPECIAL + [*words, *(vocab_words or [])] + list(LETTERS)
                               + [f"##{c}" for c in LETTERS]))
    path.mkdir(parents=True, exist_ok=True)
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=max(1, hidden // 64) if hidden >= 64 else 2,
                        intermediate_size=hidden * 4, max_position_embeddings=512,
                        id2label=dict(enumerate(LABELS)),
                        label2id={label: i for i, label in enumerate(LABELS)})
    model = BertForTokenClassification(config)
    if words:
        _force_labels(model, vocab, words)
    model.save_pretrained(path)
    BertTokenizer(str(path / "vocab.txt"), do_lower_case=False).save_pretrained(path)
    return path


def _force_labels(model, vocab: list[str], words: dict[str, str]) -> None:
    import torch

    size = model.config.hidden_size
    with torch.no_grad():
        embeddings = model.bert.embeddings
        embeddings.word_embeddings.weight.zero_()
        embeddings.position_embeddings.weight.zero_()
        embeddings.token_type_embeddings.weight.zero_()
        embeddings.LayerNorm.weight.fill_(1.0)
        embeddings.LayerNorm.bias.zero_()
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        axis = {label: i for i, label in enumerate(LABELS)}  # hidden axis i -> label i
        for index, label in enumerate(LABELS):
            model.classifier.weight[index, axis[label]] = 1.0
        for token, index in ((t, i) for i, t in enumerate(vocab)):
            label = words.get(token, "O")
            model.bert.embeddings.word_embeddings.weight[index, axis[label]] = float(size)
    model.config.hidden_dropout_prob = 0.0

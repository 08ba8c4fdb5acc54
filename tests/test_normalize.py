from __future__ import annotations

import pytest

from pipelines.normalize import normalize, readable, searchable


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ﻣﺮﺣﺒﺎ ﺑﻜﻢ", "مرحبا بكم"),  # presentation forms
        ("ﻻ تراجع", "لا تراجع"),  # lam-alef ligature
        ("عـاجـل: انفجار", "عاجل: انفجار"),  # tatweel
        ("\u200fالقاهرة\u200e \u202bبغداد\u202c", "القاهرة بغداد"),  # bidi controls
        ("\u061cمرحبا\u200b", "مرحبا"),  # arabic letter mark, zero-width space
        ("قال الوزير ، إن", "قال الوزير، إن"),  # no space before Arabic comma
        ("هل انتهى  الأمر ؟", "هل انتهى الأمر؟"),
        ("سطر أول\n\n\n  سطر   ثان  ", "سطر أول\nسطر ثان"),  # paragraphs kept, spaces tidied
        ("\u00a0نص\u00a0 مع\u2009مسافات", "نص مع مسافات"),  # NBSP and thin space
    ],
)
def test_readable_form_removes_only_invisible_and_decorative_characters(raw, expected):
    assert readable(raw) == expected


def test_readable_form_keeps_diacritics_and_arabic_punctuation():
    text = "قال تعالى: ﴿وَقُلْ رَبِّ زِدْنِي عِلْمًا﴾؛ أليس كذلك؟"
    assert readable(text) == text


def test_zwnj_is_kept_inside_a_persian_word_and_dropped_elsewhere():
    assert readable("می\u200cخواهم") == "می\u200cخواهم"
    assert readable("\u200cسلام \u200c") == "سلام"


def test_search_form_strips_diacritics_and_unifies_letter_variants():
    assert searchable("مُحَمَّدٌ") == "محمد"
    assert searchable("أإآٱ") == "اااا"
    assert searchable("مستشفى الجامعة") == "مستشفي الجامعه"


def test_search_form_uses_ascii_digits_and_decimal_point():
    assert searchable("عام ٢٠٢٦ بنسبة ٣٫٥٪") == "عام 2026 بنسبه 3.5٪"
    assert searchable("۱۴۰۳") == "1403"


def test_search_form_case_folds_latin_but_text_keeps_it():
    article = normalize({"title": "قرار OPEC", "text": "اجتماع OPEC في فيينا"})
    assert article["text"] == "اجتماع OPEC في فيينا"
    assert article["text_norm"] == "اجتماع opec في فيينا"
    assert article["title_norm"] == "قرار opec"


def test_normalize_cleans_lists_and_drops_empty_values():
    article = normalize({"title": "t", "text": "نص", "authors": ["\u200fسارة علي", " ", "ـ"],
                         "keywords": ["اقتصاد", "\u200b"]})
    assert article["authors"] == ["سارة علي"]
    assert article["keywords"] == ["اقتصاد"]

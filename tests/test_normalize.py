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


# --- real-world edge cases: each one a way a normaliser can silently damage the text ---------


def test_documented_examples_are_what_the_code_does():
    from pipelines.store.dictionary import NORMALISATION_EXAMPLES

    for case, raw, text, norm in NORMALISATION_EXAMPLES:
        assert (readable(raw), searchable(readable(raw))) == (text, norm), case


def test_allah_and_honorific_ligatures_become_their_words():
    assert readable("ﷲ أكبر") == "الله أكبر"
    assert readable("النبي ﷺ") == "النبي صلى الله عليه وسلم"
    assert readable("\ufdfd") == "بسم الله الرحمن الرحيم"


def test_every_lam_alef_ligature_keeps_its_hamza_or_madda_in_text():
    assert readable("ﻻ ﻷ ﻹ ﻵ") == "لا لأ لإ لآ"
    assert searchable(readable("ﻻ ﻷ ﻹ ﻵ")) == "لا لا لا لا"


def test_compatibility_characters_outside_arabic_are_not_rewritten():
    assert readable("مساحة 5 كم² و½ الكمية ① ™") == "مساحة 5 كم² و½ الكمية ① ™"


def test_quranic_marks_are_kept_for_reading_and_removed_for_search():
    verse = "إِنَّهُۥ هُوَ ٱلسَّمِيعُ ٱلْعَلِيمُ ۚ ذَٰلِكَ ٱلْكِتَٰبُ ۖ هُدًۭى"
    assert readable(verse) == verse
    assert searchable(verse) == "انه هو السميع العليم ذلك الكتب هدي"
    marks = "".join(chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E9))
    assert searchable(f"كتاب{marks}") == "كتاب"


def test_superscript_alef_is_dropped_only_in_the_search_form():
    assert readable("هٰذا الرحمٰن") == "هٰذا الرحمٰن"
    assert searchable("هٰذا الرحمٰن") == "هذا الرحمن"


def test_hamza_seats_are_kept_and_only_alef_hamza_is_unified():
    assert searchable("مسؤول رئيس شيء سماء أإآ") == "مسؤول رئيس شيء سماء ااا"


def test_decomposed_hamza_is_composed_before_searching():
    assert searchable("ي\u0654 و\u0654 ا\u0654 ى\u0654") == "ئ ؤ ا ئ"


def test_decimal_and_thousands_separators_change_only_between_digits():
    assert searchable("١٬٢٥٠٫٧٥ مليار") == "1,250.75 مليار"
    assert searchable("٫ وحدها ٬") == "٫ وحدها ٬"


def test_mixed_latin_and_arabic_keep_their_order_and_latin_case_in_text():
    line = "أعلنت شركة OpenAI عن GPT-5 في سان فرانسيسكو"
    assert readable(line) == line
    assert searchable(line) == "اعلنت شركه openai عن gpt-5 في سان فرانسيسكو"


def test_persian_keh_and_yeh_are_kept_in_text_and_unified_for_search():
    assert readable("الکویت و یمن") == "الکویت و یمن"
    assert searchable("الکویت و یمن") == searchable("الكويت و يمن")


def test_tatweel_is_kept_after_a_clitic_or_in_an_abbreviation_only():
    assert readable('نقلا عن لـ"العربية" عام 1442 هـ') == 'نقلا عن لـ"العربية" عام 1442 هـ'
    assert readable("الـــ36 مصـــر") == "الـ36 مصر"
    assert readable("ــــــــ") == ""
    assert searchable('لـ"العربية"') == 'ل"العربيه"'


def test_zwj_stays_inside_emoji_and_goes_between_letters():
    assert readable("👨\u200d👩\u200d👧 عائلة\u200dسعيدة") == "👨\u200d👩\u200d👧 عائلةسعيدة"


def test_unicode_line_and_paragraph_separators_make_paragraphs():
    assert readable("فقرة أولى\u2029فقرة ثانية\u2028سطر\x0bآخر") == (
        "فقرة أولى\nفقرة ثانية\nسطر\nآخر")


def test_control_characters_left_by_bad_encodings_are_removed():
    assert readable("نص\x07 مع\x1b رموز\x85تحكم") == "نص مع رموز\nتحكم"


def test_spaces_inside_brackets_and_guillemets_are_tidied():
    assert readable("قال ( رويترز ) إن « الاتفاق » تم") == "قال (رويترز) إن «الاتفاق» تم"

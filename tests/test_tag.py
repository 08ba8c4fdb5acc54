from __future__ import annotations

from pipelines.tag import arabic_share, detect_language, tag, word_count

ARABIC = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الإسكندرية لخدمة المواطنين."
PERSIAN = "وزارت بهداشت امروز از افتتاح یک بیمارستان جدید در شهر تهران خبر داد و گفت که این پروژه"
ENGLISH = "The ministry of health announced today the opening of a new hospital in Alexandria."


def test_language_of_arabic_persian_and_english_bodies():
    assert detect_language(ARABIC) == "ar"
    assert detect_language(PERSIAN) == "fa"
    assert detect_language(ENGLISH) == "en"
    assert detect_language("   ") is None


def test_arabic_share_counts_letters_only():
    assert arabic_share("مرحبا 123 !!") == 1.0
    assert arabic_share("abc مرحب") == 0.5714
    assert arabic_share("2026 - 11") is None


def test_word_count_is_not_split_by_diacritics():
    assert word_count("محمد رسول الله") == 3
    assert word_count("قال: نعم، 3 مرات") == 4


def test_tag_sets_the_three_columns():
    article = tag({"text": ARABIC, "text_norm": ARABIC})
    assert article["language"] == "ar"
    assert article["arabic_share"] == 1.0
    assert article["word_count"] == 13

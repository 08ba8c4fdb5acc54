from __future__ import annotations

import json

from crawler.stages import TagPipeline
from pipelines.tag.keywords import clean_keywords
from pipelines.tag.stage import (
    TagConfig,
    Taggers,
    arabic_share,
    detect_language,
    language_flag,
    tag,
    word_count,
)

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


URDU = ("وزارت صحت نے آج کراچی شہر میں ایک نئے ہسپتال کے افتتاح کا اعلان کیا ہے جو عوام کی "
        "خدمت کرے گا")
MIXED = ("أعلنت الشركة اليوم عن منتج جديد للسوق الأوروبية يحمل اسم Galaxy Ultra Pro Max Edition "
         "وقال المدير التنفيذي للشركة إن Samsung Electronics Company")


def test_persian_and_urdu_bodies_on_an_arabic_site_are_flagged():
    taggers = Taggers(TagConfig(dialect_enabled=False))
    persian = taggers.run({"text": PERSIAN, "text_norm": PERSIAN})
    urdu = taggers.run({"text": URDU, "text_norm": URDU})
    assert (persian["language"], persian["language_flag"]) == ("fa", "fa_on_ar_site")
    assert (urdu["language"], urdu["language_flag"]) == ("ur", "ur_on_ar_site")
    assert persian["arabic_share"] == 1.0  # the share alone would not have caught it


def test_arabic_body_is_not_flagged_and_site_language_comes_from_the_spider():
    taggers = Taggers(TagConfig(dialect_enabled=False))
    assert taggers.run({"text": ARABIC})["language_flag"] is None
    english_site = {"text": ENGLISH, "site_overrides": {"language": "en"}}
    assert taggers.run(english_site)["language_flag"] is None
    assert taggers.run({"text": ENGLISH})["language_flag"] == "en_on_ar_site"


def test_language_flag_values():
    assert language_flag("ar", 0.45) == "mixed_script"
    assert language_flag("ar", 0.95) is None
    assert language_flag(None, 0.5) == "undetected"
    assert language_flag(None, None) is None


def test_an_arabic_body_with_mostly_latin_letters_is_flagged_mixed_script():
    article = Taggers(TagConfig(dialect_enabled=False)).run({"text": MIXED})
    assert article["language"] == "ar" and article["arabic_share"] < 0.6
    assert article["language_flag"] == "mixed_script"


def test_a_failing_tagger_leaves_its_columns_null_counts_and_the_others_run(caplog):
    failed = []
    taggers = Taggers(TagConfig(dialect_enabled=False), on_failure=failed.append)

    def broken(article):
        raise RuntimeError("model exploded")

    index = [name for name, _, _ in taggers.steps].index("places")
    taggers.steps[index] = ("places", ("countries",), broken)
    article = taggers.run({"url": "u1", "text": ARABIC, "text_norm": ARABIC,
                           "title": "بغداد", "title_norm": "بغداد", "countries": ["XX"]})
    assert article["countries"] is None
    assert article["language"] == "ar" and article["word_count"] == 13
    assert failed == ["places"] and taggers.failures["places"] == 1
    assert "tagger places failed on u1" in caplog.text


def test_taggers_turned_off_give_null_columns_and_raw_keywords():
    config = TagConfig(keywords_enabled=False, sections_enabled=False, places_enabled=False,
                       dialect_enabled=False)
    article = Taggers(config).run({"text": ARABIC, "text_norm": ARABIC, "title_norm": "بغداد",
                                   "section": "سياسة", "keywords": ["أخبار", "أخبار"]})
    assert article["countries"] is None and article["section_std"] is None
    assert article["dialect"] is None and article["entities"] is None
    assert article["keywords"] == ["أخبار", "أخبار"]


def test_tag_pipeline_reads_its_settings_and_counts_failures_in_stats():
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(settings_dict={"TAG_LANGUAGES": ["ar", "en"], "DIALECT_ENABLED": False,
                                         "TAG_PLACES_ENABLED": False, "AKHBAR_WORKERS": 0})
    crawler.stats.open_spider()
    pipeline = TagPipeline.from_crawler(crawler)
    assert pipeline.taggers.config.languages == ("ar", "en")
    assert "countries" in pipeline.taggers.off
    pipeline.taggers.on_failure("section")
    assert crawler.stats.get_value("akhbar/tag/section/failed") == 1


def test_tag_pipeline_takes_the_site_country_from_the_spider():
    from types import SimpleNamespace

    from scrapy.utils.test import get_crawler

    crawler = get_crawler(settings_dict={"DIALECT_ENABLED": False, "AKHBAR_WORKERS": 0})
    pipeline = TagPipeline.from_crawler(crawler)
    crawler.spider = SimpleNamespace(country="SA")
    item = pipeline.process_item({"text": ARABIC, "text_norm": ARABIC, "section": "أخبار مصر"})
    assert (item["site_country"], item["section_std"]) == ("SA", "arab")
    crawler.spider = SimpleNamespace(country="EG")
    item = pipeline.process_item({"text": ARABIC, "text_norm": ARABIC, "section": "أخبار مصر"})
    assert item["section_std"] == "local"


def test_tag_pipeline_rejects_unknown_language_codes():
    import pytest
    from scrapy.utils.test import get_crawler

    with pytest.raises(ValueError, match="xx"):
        TagPipeline.from_crawler(get_crawler(settings_dict={"TAG_LANGUAGES": ["ar", "xx"],
                                                           "AKHBAR_WORKERS": 0}))


# --- keywords ---------------------------------------------------------------------------------


def test_keywords_joined_by_the_site_are_split_trimmed_and_deduplicated():
    raw = ["الزيتون", "موسم القطاف", "الزيتون,موسم القطاف،«زيت الزيتون»..", " #الأهلي", "الاهلي"]
    assert clean_keywords(raw, "مزارعو الجنوب يستعدون لعام وفير") == [
        "الزيتون", "موسم القطاف", "زيت الزيتون", "الأهلي"]


def test_generic_keywords_the_title_and_sentences_are_dropped():
    title = "المهندسة السودانية: مشروع الري الجديد يكفي ثلاث ولايات ولا حاجة لسدود أخرى"
    raw = ["news", "أخبار", "عاجل", title, "2026", "alwaha", "كورونا", "C++"]
    assert clean_keywords(raw, title, "alwaha") == ["كورونا", "C++"]


def test_keywords_that_are_only_the_title_cut_into_words_are_dropped():
    title = "بغداد تستضيف «القمة».. وتدعو الدول المجاورة للمشاركة"
    raw = ["بغداد", "تستضيف", "«القمة»..", "وتدعو", "الدول", "المجاورة", "للمشاركة"]
    assert clean_keywords(raw, title) == []
    assert clean_keywords(["بغداد", "العراق", "مؤتمر"], title) == ["بغداد", "العراق", "مؤتمر"]


def test_a_few_title_words_chosen_as_tags_are_kept():
    title = "مصر تستضيف مؤتمر الطاقة في شرم الشيخ الشهر المقبل"
    assert clean_keywords(["الطاقة", "مصر", "مؤتمر"], title) == ["الطاقة", "مصر", "مؤتمر"]
    assert clean_keywords(["مصر", "مؤتمر", "الطاقة"], title) == ["مصر", "مؤتمر", "الطاقة"]


def test_corpus_pages_get_standard_sections_countries_and_clean_keywords(corpus):
    from crawler.cli.saved import extract_file

    rows = {}
    for page in sorted((corpus / "pages").glob("*/*.html")):
        gold = json.loads(page.with_suffix("").with_suffix(".gold.json").read_text("utf-8"))
        rows[page.parent.name] = extract_file(str(page), gold["url"])
    assert rows["akhbarelyom.com"]["section_std"] == "culture"
    assert rows["arabic.cnn.com"]["section_std"] == "arab"
    assert rows["lbcgroup.tv"]["section_std"] == "society"
    assert "IR" in rows["alyaum.com"]["countries"] and rows["alyaum.com"]["keywords"] == []
    assert rows["arabic.cnn.com"]["countries"][0] == "SY"
    assert all(row["language"] == "ar" and row["language_flag"] is None
               for row in rows.values())

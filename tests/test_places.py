from __future__ import annotations

import pytest

from pipelines.normalize import readable, searchable
from pipelines.tag.places import countries, gazetteer, mentions


def found(text: str) -> list[str]:
    return mentions(searchable(readable(text)))


def test_the_seed_article_names_iraq_and_iran(corpus):
    seed = next((corpus / "seed").glob("*.txt")).read_text(encoding="utf-8")
    result = countries(None, searchable(readable(seed)))
    assert result[:2] == ["IQ", "IR"]


@pytest.mark.parametrize(("text", "codes"), [
    ("زار الوزير العراق", ["IQ"]),
    ("وصل إلى بغداد ثم البصرة", ["IQ", "IQ"]),
    ("الحكومة العراقية والمسؤولين العراقيين", ["IQ", "IQ"]),
    ("الرئيس العراقى والقوات الإيرانية", ["IQ", "IR"]),  # Egyptian final yeh
    ("أمريكا وأميركا والولايات المتحدة الأمريكية", ["US", "US", "US"]),
    ("السفارة الأمريكية في طهران", ["US", "IR"]),
    ("بالعراق وللعراق فالعراق وبالعراق", ["IQ", "IQ", "IQ", "IQ"]),
    ("لمصر وبمصر وكمصر", ["EG", "EG", "EG"]),
    ("في المملكة العربية السعودية والسعودية", ["SA", "SA"]),
    ("بور سعيد وبورسعيد والإسكندرية", ["EG", "EG", "EG"]),
    ("جنوب السودان والسودان", ["SS", "SD"]),
    ("سلطنة عمان وعاصمتها مسقط", ["OM", "OM"]),
    ("وصل إلى جدة", ["SA"]),
    ("الأتراك والحكومة التركية", ["TR", "TR"]),
    ("القوات اليمنية والمسؤولين اليمنيين", ["YE", "YE"]),
])
def test_names_variants_prefixes_and_demonyms_are_found(text, codes):
    assert found(text) == codes


@pytest.mark.parametrize("text", [
    "مصرف الإسكان ومصرفي",  # مصر inside another word
    "أمريكا اللاتينية وأميركا الجنوبية",  # a continent, not the US
    "صلاة المغرب وأذان المغرب",  # the sunset prayer, not Morocco
    "عاد إلى مسقط رأسه",  # birthplace, not Muscat
    "في المحيط الهندي",  # the ocean, not India
    "زار عمان",  # Oman or Amman: left out
    "رفع قدمه اليمنى",  # the right foot, not Yemeni
    "قال الأمير تركي الفيصل",  # a first name, not Turkish
    "هدية من جدة الطفل",  # a grandmother, not Jeddah
    "ترجم باللغة الفرنسية",  # a language, not France
    "فيلق القدس",  # contested and ambiguous: left out
    "صور وحماة",  # pictures and protectors
])
def test_ordinary_words_and_ambiguous_names_give_no_country(text):
    assert found(text) == []


def test_countries_are_ordered_by_mentions_then_first_appearance():
    title = searchable("لقاء في القاهرة")
    body = searchable("وفد إيراني في بغداد. العراق وإيران. العراقيون")
    assert countries(title, body) == ["IQ", "IR", "EG"]
    assert countries(None, None) == []


def test_every_form_of_the_table_is_found_by_itself():
    table = gazetteer()
    for form, place in table.names.items():
        expected = [place.code] if place.code else []
        if not place.after:
            assert mentions(form, table) == expected, form

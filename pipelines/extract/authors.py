"""Authors: people, never agencies, URLs, logos, places, placeholders or the site itself.

Candidates come from the page's structured data first (JSON-LD, microdata, meta), then from
the visible byline (an element the page marks as author/byline, or a byline line at the edge
of the body), then trafilatura. The first source that still names someone after cleaning wins,
and is recorded. Cleaning splits "Name - City" and "(City - Source)" credits, and drops parts
that are places, agencies (pipelines/agencies.py: `read_agency` reports them), placeholders
("admin", "فريق التحرير"), the site's own name (also as the host name, the suffix of its
<title>, or a word or prefix of the site name), the section or a tag of the page, or junk.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from lxml import etree
from lxml import html as lxml_html

from pipelines.agencies import agency_of
from pipelines.extract.blocks import MARKER_KINDS, marker_kind, marker_words
from pipelines.extract.datelines import is_date_line
from pipelines.extract.metadata import names as jsonld_names
from pipelines.extract.page import Page
from pipelines.extract.zwnj import restore_zwnj

logger = logging.getLogger(__name__)

BYLINE_PREFIX = re.compile(
    r"^(?:كتبت|كتب|بقلم|(?:نشر\s+)?بواسطة|نشر|إعداد|اعداد|تقرير|تحرير|حوار|متابعة|ترجمة"
    r"|written by|posted by|by)"
    r"(?:\s*[:：\-]\s*|\s+)",
    re.IGNORECASE,
)
# not a name: links, logos, files, and any digit (a reading time, a date, a count of views)
JUNK = re.compile(r"https?\b|www\.|\.com\b|/|@|\blogo\b|\.(?:png|jpe?g|svg|gif|webp)\b|\d",
                  re.IGNORECASE)
PARTS = re.compile(r"\s+[-–—|/]\s+|\s*[،,;&]\s*|\s+and\s+")
AND = re.compile(r"\s+و\s*(?=\S)")  # "فلان وفلانة", "فلان و فلانة"
# first names that begin with the letter و, which is also "and"
WAW_NAMES = frozenset("""وليد وائل وفاء وسام وجدي وحيد ولد وهبة وداد وعد وديع وصفي وضاح ولاء وئام
وجيه وصال ورد وردة وهيب وفيق وليم وسيم ودود وجدان""".split())
LETTER = re.compile(r"[^\W\d_]")
NON_WORD = re.compile(r"[\W_]+")
MAX_WORDS = 6
MAX_CHARS = 60
MIN_PREFIX = 4  # "lbci" of "lbciv7": a shorter name is not taken as a prefix of the site's
# places that follow a name in Arabic credits ("فلان - القاهرة", "(دبي - الجريدة)")
PLACES = frozenset("""
القاهرة الإسكندرية الاسكندرية الجيزة أسوان الأقصر بورسعيد السويس المنصورة طنطا أسيوط
الرياض جدة مكة المدينة الدمام الخبر الظهران الطائف أبها تبوك الأحساء القطيف بريدة
دبي أبوظبي أبو ظبي الشارقة عجمان العين رأس الخيمة الفجيرة المنامة الدوحة الكويت مسقط
صلالة بغداد البصرة الموصل أربيل النجف كربلاء كركوك دمشق حلب حمص اللاذقية درعا إدلب
بيروت صيدا طرابلس صور بعلبك عمان عمّان الزرقاء إربد العقبة القدس رام الله غزة الخليل
نابلس جنين بيت لحم الناصرة حيفا يافا تونس صفاقس سوسة الجزائر وهران قسنطينة الرباط
الدار البيضاء الدارالبيضاء مراكش فاس طنجة أغادير نواكشوط الخرطوم أم درمان بورتسودان
صنعاء عدن تعز الحديدة مأرب المكلا مقديشو جيبوتي موروني طهران أنقرة إسطنبول اسطنبول
موسكو واشنطن نيويورك لندن باريس برلين روما بروكسل جنيف فيينا بكين طوكيو القدس المحتلة
مصر السعودية الإمارات قطر البحرين عمان الكويت العراق سوريا لبنان الأردن فلسطين اليمن
ليبيا تونس الجزائر المغرب موريتانيا السودان الصومال إيران تركيا
""".split()) | {"أبو ظبي", "رأس الخيمة", "رام الله", "بيت لحم", "الدار البيضاء", "أم درمان"}
# names that stand for nobody: CMS accounts and desk labels that many sites print as the author
PLACEHOLDERS = frozenset("""
admin administrator webmaster editor editors staff newsroom desk unknown anonymous guest
user team editorial redaction rédaction محرر المحرر التحرير المحررون محررو محررين مجهول
الكاتب كاتب الموقع المشرف الإدارة الادارة ادمن أدمن
""".split()) | {"فريق التحرير", "هيئة التحرير", "أسرة التحرير", "قسم التحرير", "غرفة الأخبار",
               "محرر الموقع", "إدارة الموقع", "ادارة الموقع", "كاتب غير معروف", "غير معروف",
               "editorial team", "editorial staff", "news desk", "staff writer", "web desk",
               "site editor", "the editors"}
NOT_BYLINE_MARKER = re.compile(r"comment|avatar|related|share|social|bio|more", re.IGNORECASE)
OUTSIDE_ARTICLE = {"nav", "footer", "aside", "form"}
MAX_DOM_BYLINES = 3


def read_authors(page: Page, body_bylines: list[str],
                 not_names: Iterable[str] = ()) -> tuple[list[str], str | None]:
    """The authors and their source (`pick_authors` over `author_sources`): never the site,
    a crumb of the page's breadcrumb, nor its section or a tag (`not_names`)."""
    found, source = pick_authors(author_sources(page, body_bylines), page.site_names,
                                 exclude=[*not_names, *page.metadata.breadcrumb])
    return [restore_zwnj(name) for name in found], source


def read_agency(page: Page, body_bylines: list[str], body_credits: list[str]) -> str | None:
    """The news agency the article credits (pipelines/agencies.tsv): from a credit line of the
    body first, then from the author sources in their order of trust."""
    for credit in body_credits:
        if found := agency_of(credit):
            return found
    for _, read in author_sources(page, body_bylines)[:-1]:
        for candidate in read():
            if isinstance(candidate, str) and (found := _agency_in(candidate)):
                return found
    return None


def _agency_in(credit: str) -> str | None:
    return agency_of(credit) or next((a for p in _parts(credit) if (a := agency_of(p))), None)


def author_sources(page: Page,
                   body_bylines: list[str]) -> list[tuple[str, Callable[[], list[str]]]]:
    """Author candidates by source, most trusted first, each read when asked."""
    md, tree, fields = page.metadata, page.tree, page.trafilatura
    meta_author = md.meta.get("author") or md.meta.get("article:author") or ""
    return [
        ("jsonld", lambda: jsonld_names(md.jsonld.get("author"))),
        ("microdata", lambda: microdata_authors(tree)),
        ("meta", lambda: re.split(r"\s*[;،]\s*", meta_author) if meta_author else []),
        ("byline", lambda: _page_bylines(page)),
        ("body_byline", lambda: body_bylines),
        ("trafilatura", lambda: re.split(r"\s*;\s*", fields.get("author") or "")),
    ]


def _page_bylines(page: Page) -> list[str]:
    """`dom_bylines` of the page's tree, read once for both the authors and the agency."""
    if "dom_bylines" not in page.memo:
        page.memo["dom_bylines"] = dom_bylines(page.tree)
    return list(page.memo["dom_bylines"])


def _key(text: str) -> str:
    return NON_WORD.sub("", text.casefold())


def is_site_name(name: str, site_names: Iterable[str]) -> bool:
    """True when `name` is the site: equal to, a word of, or a prefix of one of its names."""
    key = _key(name)
    if not key:
        return False
    for site in site_names:
        site_key = _key(site)
        if key == site_key or key in {_key(w) for w in site.split()}:
            return True
        if len(key) >= MIN_PREFIX and site_key.startswith(key):
            return True
    return False


def _is_place(part: str) -> bool:
    return part in PLACES or part.removeprefix("ال") in PLACES


def is_placeholder(name: str) -> bool:
    """True for a name that stands for nobody ("admin", "فريق التحرير", "Staff")."""
    folded = " ".join(NON_WORD.sub(" ", name.casefold()).split())
    return folded in PLACEHOLDERS or folded.removeprefix("ال") in PLACEHOLDERS


def _parts(raw: str) -> list[str]:
    """A credit split into its parts: '(دبي - الجريدة)' -> ['دبي', 'الجريدة']."""
    text = " ".join(raw.split())
    text = BYLINE_PREFIX.sub("", text).strip(" :-،,")
    text = text.strip("()[]«»\"' ")
    parts = [BYLINE_PREFIX.sub("", p).strip(" :-،,()[]«»\"'") for p in PARTS.split(text)]
    return [name for part in parts for name in _names(part)]


def _names(part: str) -> list[str]:
    """Two names joined by "و": "سارة علي ومنى حسن" -> both, when each side has two words or
    more and the second does not start with a name that begins with و (وليد, وفاء ...)."""
    for join in AND.finditer(part):
        left, right = part[: join.start()], part[join.end():]
        if (len(left.split()) >= 2 and len(right.split()) >= 2
                and f"و{right.split()[0]}" not in WAW_NAMES):
            return [left.strip(), *_names(right.strip())]
    return [part]


def _acceptable(name: str) -> bool:
    return (bool(name) and len(name) <= MAX_CHARS and len(name.split()) <= MAX_WORDS
            and len(LETTER.findall(name)) >= 2 and not JUNK.search(name))


def clean_authors(candidates: Iterable[str], site_names: Iterable[str],
                  exclude: Iterable[str] = ()) -> list[str]:
    """Names only: byline words stripped; URLs, logos, places, agencies, placeholders, the
    site's own name and the page's section or tags (`exclude`) dropped; duplicates once."""
    site_names = list(site_names)
    excluded = {_key(x) for x in exclude if x}
    out: list[str] = []
    for raw in candidates:
        if not isinstance(raw, str):
            continue
        for name in _parts(raw):
            if (not _acceptable(name) or _is_place(name) or is_site_name(name, site_names)
                    or _key(name) in excluded or name in out or is_placeholder(name)
                    or agency_of(name) or is_date_line(name)):
                continue
            out.append(name)
    return out


ITEMPROP_AUTHOR = etree.XPath("//*[@itemprop='author']")
ITEMPROP_NAME = etree.XPath(".//*[@itemprop='name']")


def microdata_authors(tree: lxml_html.HtmlElement) -> list[str]:
    """itemprop=author values: the nested itemprop=name of an item, else the text/content."""
    found = []
    for node in ITEMPROP_AUTHOR(tree):
        names = ITEMPROP_NAME(node)
        if names:
            value = names[0].get("content") or names[0].text_content()
        else:
            value = node.get("content") or node.text_content()
        if value and value.strip():
            found.append(" ".join(value.split()))
    return found


def _page_form(node: lxml_html.HtmlElement) -> bool:
    """A form straight under <body> wraps the whole page (ASP.NET WebForms), not a widget."""
    parent = node.getparent()
    return node.tag == "form" and parent is not None and parent.tag == "body"


def _markers(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.get(a, "") for a in ("class", "id", "rel", "itemprop"))


def _marked_byline(node: lxml_html.HtmlElement) -> bool:
    """The element's class, id, itemprop or rel words mark a byline ("post-author", "writeBy",
    "byline"): the byline words of pipelines/extract/blocks.py."""
    rel = node.get("rel")
    words = marker_words(node) | set(rel.lower().split()) if rel else marker_words(node)
    return any(MARKER_KINDS.get(w) == "byline" for w in words)


def _byline_text(node: lxml_html.HtmlElement) -> str:
    """The byline's text, a date inside it set apart as a part of its own ("Name - 3 May")."""
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str):
            apart = child.tag == "time" or marker_kind(child) == "date"
            parts += [" - " if apart else " ", child.text_content(), " - " if apart else ""]
        parts.append(child.tail or "")
    return " ".join("".join(parts).split()).strip(" -")


def dom_bylines(tree: lxml_html.HtmlElement) -> list[str]:
    """Texts of the elements the page marks as the article's byline, document order."""
    found: list[str] = []
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "meta", "link"):
            continue
        if not _marked_byline(node) or NOT_BYLINE_MARKER.search(_markers(node)):
            continue
        if any((a.tag in OUTSIDE_ARTICLE and not _page_form(a))
               or NOT_BYLINE_MARKER.search(_markers(a)) for a in node.iterancestors()):
            continue
        text = _byline_text(node)
        if text and len(text) <= MAX_CHARS * 2 and text not in found:
            found.append(text)
            if len(found) == MAX_DOM_BYLINES:
                break
    return found


def pick_authors(sources: list[tuple[str, Callable[[], list[str]]]], site_names: Iterable[str],
                 exclude: Iterable[str] = ()) -> tuple[list[str], str | None]:
    """The cleaned names of the first source that has any, and that source's name.

    The last source is a fallback (trafilatura's guess): it is asked only when no other source
    offered a candidate at all. A page whose own data names only itself as the author has no
    byline, and the guess would be that same data, mangled ("Sputnik https; Cdnarabic; I").
    """
    site_names, exclude = list(site_names), list(exclude)
    offered = False
    for index, (source, read) in enumerate(sources):
        if index == len(sources) - 1 and offered:
            break
        candidates = read()  # read lazily: a DOM scan only when the sources before were empty
        offered = offered or any(c.strip() for c in candidates if isinstance(c, str))
        names = clean_authors(candidates, site_names, exclude)
        if names:
            return names, source
    return [], None

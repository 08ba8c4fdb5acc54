"""Arabic-aware boilerplate removal, in any position in the body.

Two passes. Before the extractor, `prune_tree` removes DOM blocks that announce themselves as
boilerplate ("اقرأ أيضا" injects with their links, bare ad labels). After it, `clean_lines`
drops the lines the extractor kept anyway: share/print labels, photo credits, newsletter and
follow prompts, comment policies, read-also lines, a repeated headline and stand-alone bylines
(returned, so the byline can still name the author). Patterns are data, below.
"""

from __future__ import annotations

import logging
import re

from lxml import html as lxml_html

from pipelines.agencies import agency_of

logger = logging.getLogger(__name__)

_ALIF = "[اأإآ]"
_ALSO = f"(?:{_ALIF}يض[اًٌ]*|كذلك)"  # أيضا / أيضاً / ايضا / كذلك
# "read also" and its siblings: a label that introduces links to other articles
READ_ALSO = re.compile(
    rf"^\s*[«\"(]?\s*(?:{_ALIF}قر{_ALIF}|طالع|شاهد|{_ALIF}نظر|تابع|{_ALIF}ستمع)\s+{_ALSO}"
    rf"|^\s*(?:مواضيع|{_ALIF}خبار|مقالات|روابط|قصص)\s+(?:ذات\s+صلة|متعلقة|مشابهة)"
    rf"|^\s*(?:ذات\s+صلة|{_ALIF}قر{_ALIF}\s+{_ALIF}لمزيد)\s*[:：]?",
)
# whole lines that are labels or widgets, never running text (matched on the stripped line)
LABEL_LINES = re.compile(
    r"^(?:شارك|شاركها|مشاركة|شارك\s+(?:الخبر|المقال|هذا\s+المقال|على)|طباعة|اطبع|"
    r"[اإ]رسال(?:\s+لصديق)?|[اأ]رسل\s+لصديق|حفظ|نسخ\s+الرابط|تكبير\s+الخط|تصغير\s+الخط|"
    r"[اإ]علان|[اإ]علانات|مساحة\s+[اإ]علانية|advertisement|sponsored|"
    r"[اأ]ضف\s+تعليق(?:ا|اً)?|[اإ]ضافة\s+تعليق(?:\s+جديد)?|التعليقات|تعليقات\s+القراء|"
    r"الكلمات\s+(?:المفتاحية|الدالة|الدلالية)|كلمات\s+دالة|الوسوم|وسوم|tags|"
    r"فيسبوك|تويتر|واتساب|تلغرام|لينكدان|facebook|twitter|whatsapp|telegram|"
    r"[اإ]قر[اأ]\s+المزيد|المزيد|التالي|السابق|استمع|"
    r"آخر\s+تحديث|تاريخ\s+النشر|نشر\s+في|المصدر)\s*[:：.]?\s*$",
    re.IGNORECASE,
)
# prompts and notices: a line of at most PROMPT_MAX_WORDS that holds one is boilerplate (a follow
# box or a comment policy is found by its markup or its links to the site's legal pages:
# pipelines/extract/blocks.py); a longer line is running text that mentions one, or a whole body
# the extractor returned as one line, and is kept
PROMPTS = re.compile(
    r"تابعون[اى]\s+على|(?:[اإ]ضغط|انقر|click)\s+(?:هنا|here)\s*[.!]?\s*$|"
    r"اشترك\s+(?:في|ب)\s*(?:ال)?نشر|النشرة\s+(?:ال)?بريدية|بريدك\s+(?:ال)?[اإ]لكتروني|"
    r"(?:انضم|انضموا|اشترك|اشتركوا)\s+(?:إلى|الى|في|ب)\s*(?:ال)?قنا[ةت]|"
    r"جميع\s+الحقوق\s+محفوظة|all\s+rights\s+reserved",
    re.IGNORECASE,
)
# photo and video credits: "تصوير: ...", "(أرشيفية)", "© REUTERS / ...", "(رويترز)"
CREDIT = re.compile(
    r"^[(\[]?\s*(?:تصوير|الصورة|صورة|الصور|عدسة|فيديو|photo|credit|image)\s*[:：/]"
    r"|^(?:©|\(c\))"
    r"|^[(\[]\s*(?:[اأ]رشيفية|صورة\s+[اأ]رشيفية|رويترز|[اأ]\s*ف\s*ب|getty[^)\]]*|afp|reuters"
    r"|ap|epa)\s*[)\]]$",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^(?:كتب|كتبت|بقلم|بواسطة|[اإ]عداد|تقرير|تحرير|حوار|متابعة|ترجمة|by|written by)"
    r"\s*[:：\-]?\s+(?P<name>[^\n]{2,60})$",
    re.IGNORECASE,
)
BYLINE_MAX_WORDS = 14  # two or three names
BYLINE_NAME_WORDS = 5  # words of one name
NAME_JOINS = re.compile(r"\s*[،,]\s*|\s+و\s+|\s+and\s+|\s*&\s*")  # between the names of a byline
SENTENCE_END = re.compile(r"[.!?؟]\s*$")  # a byline is a name, not a sentence
LABEL_MAX_WORDS = 4  # a label ("شارك", "مساحة إعلانية") is at most this many words
CREDIT_MAX_WORDS = 12
CREDIT_LINE_MAX_WORDS = 6  # "(أ ش أ)", "القاهرة - رويترز", "المصدر: وكالة الأنباء السعودية"
PROMPT_MAX_WORDS = 40
READ_ALSO_MAX_WORDS = 40  # a read-also block longer than this is not a block
PRUNE_TAGS = ("p", "div", "aside", "section", "li", "ul", "h2", "h3", "h4", "span", "strong",
              "b")


def _text(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _link_share(node: lxml_html.HtmlElement, text: str) -> float:
    linked = sum(len(" ".join(a.text_content().split())) for a in node.iter("a"))
    return linked / len(text) if text else 0.0


def prune_tree(tree: lxml_html.HtmlElement) -> int:
    """Remove read-also injects and bare ad labels from the DOM; returns how many blocks went."""
    doomed = []
    for node in tree.iter(*PRUNE_TAGS):
        if not _may_be_boilerplate(node):
            continue
        text = _text(node)
        if not text or len(text.split()) > READ_ALSO_MAX_WORDS:
            continue
        if READ_ALSO.match(text):
            doomed.append(_read_also_block(node))
        elif LABEL_LINES.match(text) and node.tag in ("div", "aside", "section", "p"):
            doomed.append(node)
    removed = 0
    for node in doomed:
        if node.getparent() is not None and not any(a in doomed for a in node.iterancestors()):
            node.drop_tree()
            removed += 1
    return removed


def _may_be_boilerplate(node: lxml_html.HtmlElement) -> bool:
    """Cheap test on the first words of a block: can it be a read-also inject or a label?"""
    for chunk in node.itertext():
        if chunk.strip():
            return bool(READ_ALSO.match(chunk.lstrip())) or len(chunk.split()) <= LABEL_MAX_WORDS
    return False


def _read_also_block(node: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The label's block: the label itself, or its parent when that is a list of links."""
    parent = node.getparent()
    if node.tag in ("span", "strong", "b", "h2", "h3", "h4") and parent is not None:
        text = _text(parent)
        if len(text.split()) <= READ_ALSO_MAX_WORDS * 2 and _link_share(parent, text) >= 0.4:
            return parent
    return node


def is_boilerplate(line: str) -> bool:
    """True for a body line that is a label, a prompt, a credit or a read-also inject."""
    words = len(line.split())
    if LABEL_LINES.match(line) or (words <= PROMPT_MAX_WORDS and PROMPTS.search(line)):
        return True
    if READ_ALSO.match(line) and words <= READ_ALSO_MAX_WORDS:
        return True
    return words <= CREDIT_MAX_WORDS and bool(CREDIT.match(line))


def byline_name(line: str) -> str | None:
    """The name in a stand-alone byline line ("كتب: فلان", "حوار: فلانة"), else None."""
    if len(line.split()) > BYLINE_MAX_WORDS:
        return None
    found = BYLINE.match(line.strip())
    if not found or SENTENCE_END.search(found.group("name")):
        return None
    name = found.group("name").strip(" :-،,")
    names = NAME_JOINS.split(name)
    return name if all(len(n.split()) <= BYLINE_NAME_WORDS for n in names) else None


def same_text(a: str, b: str) -> bool:
    """The same text but for spacing and the punctuation around it."""
    return "".join(a.split()).strip("-.:«»\"'") == "".join(b.split()).strip("-.:«»\"'")


def is_credit(line: str) -> bool:
    """A short line that only names a news agency: "(أ ش أ)", "القاهرة - رويترز"."""
    return len(line.split()) <= CREDIT_LINE_MAX_WORDS and agency_of(line) is not None


def clean_lines(text: str, title: str | None = None) -> tuple[str, list[str]]:
    """The body without boilerplate lines, and the names of the bylines found at its edges,
    by wording alone (pipelines/extract/bodylines.py adds what the page's structure says).

    A byline or a repeated headline is dropped only at the start or the end of the body; the
    other patterns are dropped wherever they are.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    bylines: list[str] = []
    kept = [line for line in lines if not is_boilerplate(line)]
    changed = True
    while kept and changed:
        changed = False
        if title and same_text(kept[0], title):
            kept.pop(0)
            changed = True
        for index in (0, -1):
            if kept and (name := byline_name(kept[index])):
                bylines.append(name)
                kept.pop(index)
                changed = True
    return "\n".join(kept), bylines

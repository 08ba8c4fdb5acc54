"""Page bytes -> lxml tree, for every stage that reads a page.

- Decoding: the most plausible charset (pipelines.extract.encoding); bytes that are no text (a
  PDF or an image served as text/html, binary data) or that no charset reads cleanly are rejected.
- Characters XML cannot hold (NUL, C0 controls, U+FFFE ..., raw or as numeric references) are
  dropped before parsing, so that no stage setting a node's text meets lxml's ValueError.
- Deep nesting: libxml2 silently drops everything below 256 levels of nesting. Such a page is
  parsed again with huge_tree (2048 levels), and one nested deeper still with its excess
  container tags removed (`flatten`). An ordinary page is parsed once, as before.
"""

from __future__ import annotations

import logging
import re

from lxml import etree
from lxml import html as lxml_html

from pipelines import Reject
from pipelines.extract.encoding import decode_page

logger = logging.getLogger(__name__)

# Characters XML 1.0 refuses; lxml raises ValueError when a text containing one is assigned
XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
XML_UNSAFE_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
# numeric references that may name such a character (below 32, surrogates, U+FFFE/F, too large);
# &#39; and the like are not even looked at
NUMERIC_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]|1[0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2}"
                         r"|[fF]{3}[eEfF]|[0-9a-fA-F]{6,})(?![0-9a-fA-F])"
                         r"|0*([0-9]|[12][0-9]|3[01]|5[5-7][0-9]{3}|6553[45]|[0-9]{7,})(?![0-9]));?")
# Magic numbers of formats that are not HTML whatever the Content-Type says
NOT_HTML_MAGIC = {
    b"%PDF-": "a PDF document", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive (or office document)",
    b"RIFF": "a RIFF media file (WebP, WAV, AVI)", b"OggS": "an Ogg media file",
    b"\x1a\x45\xdf\xa3": "a Matroska/WebM video", b"wOF": "a web font",
}
# an XML declaration (XHTML): lxml refuses a text that starts with one naming an encoding
XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*>")
# comments and processing instructions are no text a reader sees: not parsed, every walk of the
# tree (ours and trafilatura's) is shorter; trafilatura's own parser drops them too
PARSER_OPTIONS = {"remove_comments": True, "remove_pis": True}
DEPTH_ERROR = "Excessive depth"
# A page too deep for the parser loses its container tags (div, span ...) below FLAT_DEPTH
# levels, keeping the article's own structure (article, h1, p ...), and every tag below FLAT_MAX
FLAT_DEPTH = 200
FLAT_MAX = 1000
CONTAINER_TAGS = frozenset({"div", "span", "section", "font", "center", "main", "b", "i", "u",
                            "em", "strong", "small", "big", "blockquote", "table", "tbody", "tr",
                            "td"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "param", "source", "track", "wbr", "keygen", "command"})
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?(/?)>|<!--.*?-->", re.DOTALL)


def xml_safe(text: str, body: bytes | None = None) -> str:
    """`text` without the characters XML cannot hold, raw or as numeric character references.
    `body`: the bytes `text` was decoded from, when at hand (a quick test for controls)."""
    if "&#" in text:
        text = NUMERIC_REF.sub(_safe_reference, text)
    if body is not None and len(body.translate(None, XML_UNSAFE_BYTES)) == len(body) \
            and "\ufffe" not in text and "\uffff" not in text:
        return text  # no control byte: nothing else XML refuses comes out of a decoder
    return XML_UNSAFE.sub("", text)


def _safe_reference(match: re.Match[str]) -> str:
    hexa, decimal = match.groups()
    code = int(hexa, 16) if hexa else int(decimal)
    if code == 0 or code > 0x10FFFF or (code < 0x20 and code not in (9, 10, 13)) \
            or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        return ""
    return match.group()


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Page bytes as text in the most plausible charset, without characters XML cannot hold."""
    return xml_safe(decode_page(body, content_type).text, body)


def page_text(body: bytes, content_type: str | None = None) -> str:
    """Like `decode_html`, but raise Reject for bytes that are not a readable page: `empty`,
    `not_html` (a known binary format), `undecodable` (binary data, or text no charset reads
    cleanly: a broken server, worth fetching again, unlike not_html)."""
    if not body.strip():
        raise Reject("extract", "empty", f"{len(body)} bytes")
    head = body[:8].lstrip()
    for magic, what in NOT_HTML_MAGIC.items():
        if head.startswith(magic):
            raise Reject("extract", "not_html", f"{what} served as {content_type or 'HTML'}")
    decoded = decode_page(body, content_type)
    if decoded.binary:
        raise Reject("extract", "undecodable", "binary data, not text")
    if decoded.undecodable:
        raise Reject("extract", "undecodable", f"best reading {decoded.codec}: "
                     f"{decoded.suspect_share:.0%} of its non-ASCII characters are mojibake")
    return xml_safe(decoded.text, body)


def parse_html(text: str) -> lxml_html.HtmlElement:
    """An lxml tree of page text that keeps deeply nested content; raises etree.ParserError.

    Nesting past libxml2's 256 levels is parsed again with huge_tree (2048 levels), and past
    that with the excess container tags removed (`flatten`)."""
    text = XML_DECLARATION.sub("", text, count=1)  # decoded already: its encoding is moot
    parser = lxml_html.HTMLParser(**PARSER_OPTIONS)
    tree = lxml_html.document_fromstring(text, parser=parser)
    if _too_deep(parser):
        parser = lxml_html.HTMLParser(huge_tree=True, **PARSER_OPTIONS)
        tree = lxml_html.document_fromstring(text, parser=parser)
        if _too_deep(parser):
            logger.debug("page nested beyond %d levels: container tags flattened", FLAT_MAX)
            parser = lxml_html.HTMLParser(huge_tree=True, **PARSER_OPTIONS)
            tree = lxml_html.document_fromstring(flatten(text), parser=parser)
    return tree


def _too_deep(parser: etree.HTMLParser) -> bool:
    """Did the parse stop at the depth limit (libxml2 halts there: its last error)?"""
    last = parser.error_log.last_error
    return last is not None and DEPTH_ERROR in last.message


def parse_page(body: bytes, content_type: str | None = None) -> lxml_html.HtmlElement:
    """Page bytes as an lxml tree; raises Reject (see `page_text`, and `unparseable`)."""
    text = page_text(body, content_type)
    try:
        return parse_html(text)
    except (etree.ParserError, ValueError) as exc:
        raise Reject("extract", "unparseable", str(exc)[:200]) from exc


def flatten(html: str, depth: int = FLAT_DEPTH, most: int = FLAT_MAX) -> str:
    """`html` without the start and end tags of containers nested deeper than `depth` and of any
    element deeper than `most`: their content stays, one space in place of a run of removed tags
    and the blanks between them."""
    parts: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, tag kept)
    kept = 0  # open elements whose tags stay: the depth of the flattened page
    last = 0  # where the text after the last removed tag starts
    for match in TAG.finditer(html):
        closing, name, selfclosing = match.group(1), (match.group(2) or "").lower(), match.group(3)
        keep = True
        if not name or name in VOID_TAGS or selfclosing:
            pass
        elif not closing:
            keep = kept < depth or (name not in CONTAINER_TAGS and kept < most)
            stack.append((name, keep))
            kept += keep
        else:
            at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name), None)
            if at is not None:
                keep = stack[at][1]
                kept -= sum(k for _, k in stack[at:])
                del stack[at:]
        if not keep:
            between = html[last:match.start()]
            if not (last and not between.strip()):  # blanks after a removed tag go with it
                parts.append(between + " ")
            last = match.end()
    parts.append(html[last:])
    return "".join(parts)

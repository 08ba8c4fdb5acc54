"""The charset of page bytes is decided by the plausibility of the text, not by what the page or
the server declare: the project's own Arabic pages served in legacy charsets with lying,
conflicting or missing declarations decode to the right text; Latin pages stay right; text that
no charset reads is `undecodable`. The last test crawls tests/hostile/cases_bytes.py for real."""

from __future__ import annotations

import pytest

from pipelines.extract.encoding import decode_page
from pipelines.extract.mojibake import repair_double_utf8
from tests.hostile import cases_bytes
from tests.hostile.crawls import crawl_cases
from tests.hostile.pages import article_html, paragraphs
from tests.sitefixtures import SITE_DIR, expected_site

FRENCH = ("<html><head><title>Réforme à l'école</title></head><body>" + "<p>Le ministre a "
          "annoncé une réforme des lycées : élèves, été, garçon, où, Noël, cœur, « oui ».</p>" * 8
          + "</body></html>")
ENGLISH = "<html><body>" + "<p>It’s a “quoted” word — and more… café</p>" * 10 + "</body></html>"


def arabic_page(n: int = 1, charset: str | None = "utf-8") -> str:
    return article_html(n, charset=charset)


def alwaha_page() -> str:
    """A page of the bundled site, in the project's own words."""
    article = expected_site()["articles"][0]
    return (SITE_DIR / "www" / "articles" / f"{article['id']}.html").read_text(encoding="utf-8")


def http(charset: str | None) -> str:
    return f"text/html; charset={charset}" if charset else "text/html"


# (bytes codec, HTTP charset, <meta charset>, extra bytes in front)
LIES = {
    "cp1256 served as windows-1252": ("cp1256", "windows-1252", None, b""),
    "cp1256 served as iso-8859-1": ("cp1256", "iso-8859-1", None, b""),
    "cp1256 served as utf-8": ("cp1256", "utf-8", None, b""),
    "cp1256 whose meta says utf-8": ("cp1256", None, "utf-8", b""),
    "cp1256 whose meta says windows-1252": ("cp1256", None, "windows-1252", b""),
    "cp1256, HTTP windows-1252 against meta windows-1256": ("cp1256", "windows-1252",
                                                            "windows-1256", b""),
    "cp1256 served as windows-1251": ("cp1256", "windows-1251", None, b""),
    "cp1256 served as iso-8859-6": ("cp1256", "iso-8859-6", None, b""),
    "cp1256 undeclared": ("cp1256", None, None, b""),
    "utf-8 served as windows-1256": ("utf-8", "windows-1256", None, b""),
    "utf-8 whose meta says windows-1256": ("utf-8", None, "windows-1256", b""),
    "utf-8 served as iso-8859-1": ("utf-8", "iso-8859-1", None, b""),
    "iso-8859-6 declared": ("iso8859_6", None, "iso-8859-6", b""),
    "iso-8859-6 undeclared": ("iso8859_6", None, None, b""),
    "iso-8859-6 served as windows-1256": ("iso8859_6", "windows-1256", None, b""),
    "iso-8859-6 served as utf-8": ("iso8859_6", "utf-8", None, b""),
    "a UTF-8 BOM before cp1256 bytes": ("cp1256", None, "windows-1256", b"\xef\xbb\xbf"),
    "a UTF-8 BOM before undeclared cp1256 bytes": ("cp1256", None, None, b"\xef\xbb\xbf"),
    "a UTF-16 BOM before UTF-8 bytes": ("utf-8", None, "utf-8", b"\xff\xfe"),
}


@pytest.mark.parametrize("case", list(LIES))
def test_arabic_bytes_under_lying_or_missing_declarations_decode_to_the_right_text(case):
    codec, header, meta, prefix = LIES[case]
    for page in (arabic_page(1), alwaha_page()):
        page = page.replace('<meta charset="utf-8">', f'<meta charset="{meta}">' if meta else "")
        page = page.encode(codec, errors="ignore").decode(codec)  # what the charset can hold
        decoded = decode_page(prefix + page.encode(codec), http(header))
        assert decoded.text == page, (case, decoded.codec)
        assert not decoded.undecodable and not decoded.binary


def test_a_clean_declaration_is_kept_as_declared():
    decoded = decode_page(arabic_page(1, "windows-1256").encode("cp1256"), http("windows-1256"))
    assert (decoded.codec, decoded.source) == ("cp1256", "http")
    assert decode_page(arabic_page(1).encode(), None).source == "meta"


@pytest.mark.parametrize(("codec", "header"), [("cp1252", "windows-1252"), ("cp1252", "utf-8"),
                                               ("cp1252", None), ("utf-8", "iso-8859-1"),
                                               ("utf-8", "utf-8")])
def test_french_and_english_pages_stay_right_whatever_they_declare(codec, header):
    for page in (FRENCH, ENGLISH):
        assert decode_page(page.encode(codec), http(header)).text == page


def test_utf8_encoded_twice_is_repaired():
    page = arabic_page(2)
    raw = page.encode()
    misread = {  # UTF-8 bytes read as ... then saved as UTF-8 again
        "latin-1": raw.decode("latin-1"),
        "cp1256": raw.decode("cp1256"),
        # windows-1252 with its holes as C1 controls, as MySQL's "latin1" reads
        "cp1252": "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                          else bytes([b]).decode("cp1252") for b in raw),
    }
    for codec, twice in misread.items():
        decoded = decode_page(twice.encode(), http("utf-8"))
        assert (decoded.text, decoded.codec) == (page, "utf-8+repaired"), codec


def test_what_only_looks_like_double_encoding_is_left_alone():
    german = "<p>Er sagte „Ich weiß“ und ging. Straße, Grüße.</p>" * 5
    assert repair_double_utf8(german) == german
    assert decode_page(german.encode(), http("utf-8")).text == german


def test_replacement_characters_the_page_itself_holds_do_not_make_it_undecodable():
    page = "<p>WASHINGTON\ufffd\ufffdThe\ufffdslim chances\ufffdof a deal</p>" * 30
    decoded = decode_page(page.encode(), http("utf-8"))
    assert decoded.text == page and not decoded.undecodable


def test_packed_code_in_scripts_and_styles_does_not_make_a_page_undecodable():
    # obfuscated scripts read as symbols between letters in any charset; readers never see them
    packed = "".join(f"x\u00b9y\u00a6z{i}\u00ba" for i in range(400))
    page = arabic_page(6).replace("</head>", f"<script>var p='{packed}';</script>"
                                  f"<style>/* {packed} */</style></head>")
    decoded = decode_page(page.encode(), http("utf-8"))
    assert decoded.text == page and not decoded.undecodable


def test_stray_control_characters_in_valid_utf8_do_not_make_it_undecodable():
    page = ("<html><body>" + "<p>\x01Plain words of a story, told simply.</p>" * 50
            + "<p>A café.</p>" * 100 + "</body></html>")  # mostly ASCII: controls stand out
    decoded = decode_page(page.encode(), http("utf-8"))
    assert decoded.text == page and not decoded.undecodable and not decoded.binary


def test_a_page_of_utf8_and_cp1256_parts_reads_both():
    page = arabic_page(3)
    cut = page.index("<article>")
    decoded = decode_page(page[:cut].encode() + page[cut:].encode("cp1256"), http("utf-8"))
    assert decoded.text == page


def test_text_no_charset_reads_cleanly_is_undecodable():
    page = arabic_page(4)
    for _ in range(2):
        page = page.encode().decode("cp1252", errors="replace")
    decoded = decode_page(page.encode(), http("utf-8"))
    assert decoded.undecodable


def test_binary_data_is_binary():
    assert decode_page(bytes(range(256)) * 100, http(None)).binary
    assert not decode_page(arabic_page(5).replace("<p>", "<p>\x00").encode(), None).binary


# --- a real crawl of the byte cases of the hostile site ---------------------------------------

@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    return crawl_cases(cases_bytes.CASES, tmp_path_factory.mktemp("bytes"),
                       {"ADDRESSES_ALLOW": "127.0.0.1"})


def test_each_hostile_byte_case_ends_as_it_must_with_its_text_spelled_right(crawl):
    outcomes = crawl.outcomes()
    for case in cases_bytes.CASES:
        got = outcomes.get(case.path, set())
        assert case.expect in got, (case.path, got, crawl.stderr[-2000:])
        if case.expect != "article":
            assert "article" not in got, case.path
            continue
        (text,) = [t for t, u in zip(crawl.articles["text"], crawl.articles["fetched_url"],
                                     strict=True) if u.endswith(case.path)]
        for paragraph in paragraphs(cases_bytes.NUMBER[case.path]):  # all of them, spelled right
            assert paragraph in text, (case.path, text[:300])
        assert not any(c in text for c in "\ufffdÃØÙ"), case.path


def test_zwnj_words_keep_their_zwnj_next_to_control_characters(crawl):
    (title,) = [t for t, u in zip(crawl.articles["title"], crawl.articles["fetched_url"],
                                  strict=True) if u.endswith("/a/control-chars")]
    assert "می\u200cشود" in title

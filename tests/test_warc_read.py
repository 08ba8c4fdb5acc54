"""Reading WARC files: every page record becomes a page or a named problem, and a damaged record
never stops the records after it (pipelines/store/warcread.py)."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from w3lib.url import safe_url_string
from warcio.warcwriter import WARCWriter

from pipelines.store.warcread import ReadCounts, WarcPage, WarcProblem, read_warc
from pipelines.store.warcsniff import SNIFF_BYTES, is_utf8, looks_arabic
from pipelines.store.warcwrite import Exchange, WarcArchive
from tests.warcfiles import html_page, raw_member, warcio_response, write_file

SITE = "http://news.example"


def read(path: Path, **options) -> list[WarcPage | WarcProblem]:
    with path.open("rb") as stream:
        return list(read_warc(stream, str(path), **options))


def reasons(found: list[WarcPage | WarcProblem]) -> dict[str, str]:
    return {f.url or f"#{f.offset}": ("page" if isinstance(f, WarcPage) else f.reason)
            for f in found}


def test_a_warc_written_by_warcio_gives_its_pages_with_status_headers_body_and_date(tmp_path):
    pages = {f"{SITE}/2026/11/{i}": html_page(f"خبر {i}") for i in range(3)}

    def build(writer, stream):
        for url, body in pages.items():
            warcio_response(writer, url, body)

    found = read(write_file(tmp_path / "a.warc.gz", build))
    assert [f.url for f in found] == list(pages)
    for page in found:
        assert isinstance(page, WarcPage)
        assert page.body == pages[page.url]
        assert page.status == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert page.fetched_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def numbered_warc(folder: Path, count: int) -> Path:
    """A file of `count` pages, SITE/0 to SITE/<count - 1>, written by warcio."""
    def build(writer, stream):
        for i in range(count):
            warcio_response(writer, f"{SITE}/{i}", html_page(f"خبر {i}"))

    return write_file(folder / "a.warc.gz", build)


def test_each_offset_reads_its_record_alone(tmp_path):
    path = numbered_warc(tmp_path, 3)
    found = read(path)
    data = path.read_bytes()
    for page in found:
        alone = list(read_warc(io.BytesIO(data[page.offset:]), "x"))[0]
        assert alone.url == page.url and alone.body == page.body


def test_every_broken_record_gets_its_reason_and_the_records_after_it_are_read(tmp_path):
    cut_url = f"{SITE}/cut-member"

    def build(writer, stream):
        warcio_response(writer, f"{SITE}/first", html_page("الأول"))
        stream.write(raw_member(f"{SITE}/broken-header",
                                b"NOT-HTTP nonsense\r\nX: y\r\n\r\n<html>x</html>"))
        warcio_response(writer, f"{SITE}/report.pdf", b"%PDF-1.4 ...", "application/pdf")
        writer.write_record(writer.create_revisit_record(
            f"{SITE}/again", digest="sha1:AAAA", refers_to_uri=f"{SITE}/first",
            refers_to_date="2026-11-19T00:00:00Z"))
        warcio_response(writer, "http://elsewhere.example/x", html_page("غريب"))
        member = raw_member(cut_url, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                            + html_page("مقطوع", 40))
        stream.write(member[: len(member) // 2])  # a gzip member cut in its middle
        stream.write(raw_member(f"{SITE}/short", b"HTTP/1.1 200 OK\r\nContent-Type: text/html"
                                b"\r\n\r\n<html>short</html>", declared_length=900))
        warcio_response(writer, f"{SITE}/last", html_page("الأخير"))

    found = read(write_file(tmp_path / "broken.warc.gz", build),
                 wanted=lambda url: url.startswith(SITE))
    got = reasons(found)
    assert got[f"{SITE}/first"] == "page"
    assert got[f"{SITE}/broken-header"] == "bad_http_header"
    assert got[f"{SITE}/report.pdf"] == "not_html"
    assert got[f"{SITE}/again"] == "revisit"
    assert got["http://elsewhere.example/x"] == "unknown_site"
    assert "damaged_gzip" in got.values()
    assert got[f"{SITE}/short"] == "truncated"
    assert got[f"{SITE}/last"] == "page"
    assert cut_url not in got or got[cut_url] != "page"
    for problem in found:
        if isinstance(problem, WarcProblem):
            assert problem.detail and problem.file.endswith("broken.warc.gz")


@pytest.mark.parametrize("payload", [html_page("مقطوع", 40), bytes(range(256)) * 12],
                         ids=["compressible", "incompressible"])
def test_a_gzip_member_cut_anywhere_loses_none_of_the_records_after_it(payload):
    """zlib reads a cut member on into the next ones, and warcio may then read on as if the
    file were not gzipped at all: wherever the cut falls, the pages after it are read."""
    member = raw_member(f"{SITE}/cut", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                        + payload)
    head, tail = io.BytesIO(), io.BytesIO()
    warcio_response(WARCWriter(head, gzip=True), f"{SITE}/before", html_page("قبل"))
    for name in ("after", "later"):
        warcio_response(WARCWriter(tail, gzip=True), f"{SITE}/{name}", html_page(name))
    missing = {}
    for cut in range(10, len(member) - 1, 3):
        data = head.getvalue() + member[:cut] + tail.getvalue()
        got = reasons(list(read_warc(io.BytesIO(data), "cut.warc.gz")))
        pages = {url for url, reason in got.items() if reason == "page"}
        if pages != {f"{SITE}/before", f"{SITE}/after", f"{SITE}/later"}:
            missing[cut] = got
    assert not missing, f"{len(missing)} cuts lose or invent pages: {list(missing.items())[:1]}"


@pytest.mark.parametrize("payload", [html_page("مقطوع", 40), bytes(range(256)) * 12],
                         ids=["compressible", "incompressible"])
def test_a_gzip_member_cut_short_is_one_problem_never_one_at_a_page(payload):
    """The member after the last whole record is read again once a read fails: whether that
    second read fails too or gives the page, the damage is said once, and never where a page
    was read. Record ids are random (uuid4): ten members give each run other bytes."""
    head, tail = io.BytesIO(), io.BytesIO()
    warcio_response(WARCWriter(head, gzip=True), f"{SITE}/before", html_page("قبل"))
    warcio_response(WARCWriter(tail, gzip=True), f"{SITE}/after", html_page("بعد"))
    wrong = {}
    for _ in range(10):
        member = raw_member(f"{SITE}/cut", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                            + payload)
        for cut in range(10, len(member) - 1, 5):
            found = list(read_warc(io.BytesIO(head.getvalue() + member[:cut] + tail.getvalue()),
                                   "cut.warc.gz"))
            problems = [f.offset for f in found if isinstance(f, WarcProblem)]
            pages = {f.offset for f in found if isinstance(f, WarcPage)}
            if set(problems) & pages or len(problems) != 1:
                wrong[cut] = [(type(f).__name__, f.offset) for f in found]
    assert not wrong, f"{len(wrong)} cuts: {list(wrong.items())[:1]}"


def test_a_gzip_member_cut_at_the_end_of_the_file_is_reported(tmp_path):
    ends = []

    def build(writer, stream):
        warcio_response(writer, f"{SITE}/1", html_page("واحد"))
        ends.append(stream.tell())
        warcio_response(writer, f"{SITE}/2", html_page("اثنان", 30))  # response, then request
        ends.append(stream.tell())

    path = write_file(tmp_path / "a.warc.gz", build)
    path.write_bytes(path.read_bytes()[: (ends[0] + ends[1]) // 2])  # inside /2's response
    found = read(path)
    assert isinstance(found[0], WarcPage)
    assert not any(isinstance(f, WarcPage) and f.url == f"{SITE}/2" for f in found)
    assert {f.reason for f in found if isinstance(f, WarcProblem)} & {"damaged_gzip",
                                                                       "truncated"}


def test_records_already_done_are_skipped_unread_and_counted(tmp_path):
    path = numbered_warc(tmp_path, 4)
    first = read(path)
    counts = ReadCounts()
    again = read(path, done={first[0].offset, first[1].offset}, counts=counts)
    assert [p.url for p in again] == [f"{SITE}/2", f"{SITE}/3"]
    assert counts.skipped == 2
    assert counts.types["response"] == 4 and counts.types["request"] == 4


def test_akhbars_archive_reads_back_the_exchange_it_wrote_in_rotated_files(tmp_path):
    archive = WarcArchive(tmp_path / "raw" / "site", "run", max_bytes=3000, root=tmp_path)
    written = {}
    for i in range(6):
        exchange = Exchange(
            url=f"{SITE}/{i}?q=1", method="GET", request_headers=[("Accept", "text/html")],
            status=200, reason="OK", protocol="HTTP/1.1",
            response_headers=[("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Encoding", "gzip"), ("Content-Length", "7")],
            body=html_page(f"خبر {i}"), fetched_at=datetime(2026, 11, 1, 8, i, 5, 123456,
                                                           tzinfo=UTC))
        written[archive.write(exchange)] = exchange
    archive.close()
    assert len(archive.files) > 1  # rotated by size
    for (name, offset), exchange in written.items():
        with (tmp_path / name).open("rb") as stream:
            stream.seek(offset)
            page = next(read_warc(stream, name, start=offset))
        assert (page.url, page.offset, page.body) == (exchange.url, offset, exchange.body)
        assert page.fetched_at == exchange.fetched_at
        assert "content-encoding" not in page.headers  # the body is stored decoded
        assert page.headers["content-length"] == str(len(exchange.body))


@pytest.mark.parametrize("size", [0, 5])
def test_an_empty_or_tiny_file_gives_a_problem_or_nothing_but_no_error(tmp_path, size):
    path = tmp_path / "a.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00\x00"[:size])
    found = read(path)
    assert all(isinstance(f, WarcProblem) for f in found)


def test_a_warc_gzipped_as_one_stream_gives_each_page_once_at_its_uncompressed_offset(tmp_path):
    plain = tmp_path / "a.warc"
    with plain.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False, warc_version="1.1")
        for i in range(4):
            warcio_response(writer, f"{SITE}/{i}", html_page(f"خبر {i}"))
    whole = tmp_path / "a.warc.gz"  # what `gzip a.warc` makes: warcio refuses to iterate it
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    counts = ReadCounts()
    found = read(whole, counts=counts)
    assert [(p.url, p.offset, p.body) for p in found] == [
        (p.url, p.offset, p.body) for p in read(plain)]
    assert all(isinstance(p, WarcPage) for p in found)
    assert counts.types == {"response": 4, "request": 4}
    again = read(whole, done={found[0].offset})  # resuming skips by those offsets
    assert [p.url for p in again] == [f"{SITE}/1", f"{SITE}/2", f"{SITE}/3"]


def test_an_arc_file_reads_as_its_pages(tmp_path):
    def arc_record(url: str, body: bytes) -> bytes:
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        head = f"{url} 127.0.0.1 20261120093000 text/html {len(http)}\n".encode()
        return head + http + b"\n"

    version = b"1 0 akhbar-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    pages = {f"{SITE}/arc/{i}": html_page(f"خبر {i}") for i in range(2)}
    path = tmp_path / "a.arc"
    path.write_bytes(
        f"filedesc://a.arc 127.0.0.1 20261120093000 text/plain {len(version)}\n".encode()
        + version + b"\n" + b"".join(arc_record(u, b) for u, b in pages.items()))
    found = read(path)
    assert [(p.url, p.body) for p in found] == list(pages.items())
    assert found[0].fetched_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def test_records_of_other_uri_schemes_are_counted_aside_and_one_without_uri_is_broken(tmp_path):
    def build(writer, stream):
        dns = writer.create_warc_record("dns:news.example", "response",
                                        payload=io.BytesIO(b"news.example. 300 IN A 1.2.3.4"),
                                        warc_content_type="text/dns")
        writer.write_record(dns)
        log = writer.create_warc_record("metadata://crawler/log.txt", "resource",
                                        payload=io.BytesIO(b"a log"),
                                        warc_content_type="text/plain")
        writer.write_record(log)
        warcio_response(writer, f"{SITE}/1", html_page("خبر"))
        stream.write(raw_member("", b"HTTP/1.1 200 OK\r\n\r\n<html></html>"))

    counts = ReadCounts()
    found = read(write_file(tmp_path / "a.warc.gz", build), counts=counts)
    assert reasons(found) == {f"{SITE}/1": "page", f"#{found[-1].offset}": "bad_record"}
    assert counts.aside == {"not_http": 2}


def test_a_url_written_with_arabic_letters_is_archived_percent_encoded_and_reads_back(tmp_path):
    archive = WarcArchive(tmp_path / "raw", "run", max_bytes=2**20, root=tmp_path)
    url = f"{SITE}/أخبار/مقال-١?ق=نعم"
    name, offset = archive.write(Exchange(
        url=url, method="GET", request_headers=[], status=200, reason="OK", protocol="HTTP/1.1",
        response_headers=[("Content-Type", "text/html; charset=utf-8")], body=html_page("خبر"),
        fetched_at=datetime(2026, 11, 1, 8, 0, tzinfo=UTC)))
    archive.close()
    [page] = read(tmp_path / name)
    assert page.offset == offset
    assert page.url == safe_url_string(url) and page.url.isascii()
    assert unquote(page.url) == url


ARABIC_STORY = ("أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير "
                "وقسما للطوارئ يعمل على مدار الساعة، وقال الوزير إن المشروع يخدم سكان القرى "
                "المجاورة أيضا. ") * 3


def sniffs_arabic(page: WarcPage) -> bool:
    return looks_arabic(page.body, page.headers)


def page_of(body: bytes, content_type: str = "text/html") -> WarcPage:
    return WarcPage("f", 0, f"{SITE}/1", 200, {"content-type": content_type}, body,
                    datetime(2026, 11, 1, tzinfo=UTC))


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6"])
def test_an_undeclared_page_in_a_legacy_arabic_code_page_may_be_arabic(codec):
    body = f"<html><head><title>خبر</title></head><body><p>{ARABIC_STORY}</p></body></html>"
    assert sniffs_arabic(page_of(body.encode(codec)))


@pytest.mark.parametrize("text,codec", [
    ("Die Größe der Äpfel überraschte die Händler auf dem Straßenmarkt in München. " * 8,
     "latin-1"),
    ("Le ministère a annoncé à Genève une réforme très attendue des hôpitaux. " * 8, "latin-1"),
    ("Министерство объявило о новой больнице в городе на двести коек. " * 8, "utf-8"),
])
def test_pages_plainly_in_other_languages_do_not_look_arabic(text, codec):
    assert not sniffs_arabic(page_of(f"<html><body><p>{text}</p></body></html>".encode(codec)))


def test_a_utf8_page_cut_inside_a_letter_at_the_sniffed_length_is_still_read_asis_utf8():
    body = b"<p>" + "ж".encode() * SNIFF_BYTES  # two bytes a letter: the cut splits one
    with pytest.raises(UnicodeDecodeError, match="unexpected end of data"):
        body[:SNIFF_BYTES].decode("utf-8")
    assert is_utf8(body[:SNIFF_BYTES])
    assert not is_utf8(ARABIC_STORY.encode("cp1256"))

"""Baseline cases: ordinary pages the crawl must get right around the hostile ones."""

from __future__ import annotations

from tests.hostile.pages import article_html, listing_html, paragraphs, title
from tests.hostile.site import Case, Request


def _plain(request: Request) -> None:
    request.send(200, {}, article_html(1))


def _cp1256_declared(request: Request) -> None:
    page = article_html(2, charset="windows-1256")
    request.send(200, {"Content-Type": "text/html; charset=windows-1256"},
                 page.encode("cp1256"))


def _section_front(request: Request) -> None:
    request.send(200, {}, listing_html(3))


def _stub(request: Request) -> None:
    request.send(200, {}, article_html(4, body=["صورة اليوم من الميناء."]))


def _image(request: Request) -> None:
    request.send(200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(200))


def _long(request: Request) -> None:
    request.send(200, {}, article_html(6, body=paragraphs(6, count=3000)))


def _js_only(request: Request) -> None:
    request.send(200, {}, '<html><head><meta charset="utf-8"><title>تحميل</title></head><body>'
                          '<div id="app"></div><script>document.write("...")</script>'
                          "<noscript>فعّل جافاسكربت لعرض الصفحة.</noscript></body></html>")


def _soft_404(request: Request) -> None:
    request.send(200, {}, '<html><head><meta charset="utf-8"><title>غير موجودة</title></head>'
                          "<body><h1>عذرا، الصفحة التي تبحث عنها غير موجودة</h1>"
                          '<p><a href="/">العودة إلى الرئيسية</a></p></body></html>')


def _same_text(request: Request) -> None:
    page = article_html(1).replace(title(1), title(7))
    request.send(200, {}, page)


def _untitled(request: Request) -> None:
    page = article_html(8)
    page = page.replace(f"<title>{title(8)} - الموقع المعادي</title>", "")
    request.send(200, {}, page.replace(f"<h1>{title(8)}</h1>", ""))


def _odd_whitespace(request: Request) -> None:
    page = article_html(9).replace("\n", "\r\n\t").replace(" ", "\u00a0 ")
    request.send(200, {}, page)


def _arabic_slug(request: Request) -> None:
    request.send(200, {}, article_html(10))


def _moved(request: Request) -> None:
    if request.path == "/a/moved-here":
        request.send(200, {}, article_html(11))
    else:
        request.send(301, {"Location": f"{request.origin}/a/moved-here"}, "")


INSIDE_HOST = "127.0.0.2"  # loopback, but not the allowed 127.0.0.1: the guard must refuse it


def _redirect_inside(request: Request) -> None:
    port = request.origin.rsplit(":", 1)[1]
    request.send(302, {"Location": f"http://{INSIDE_HOST}:{port}/a/plain"}, "")


def _never(request: Request) -> None:
    request.send(200, {}, article_html(5))


CASES = [
    Case("/a/plain", "an ordinary Arabic article in UTF-8", "article", _plain),
    Case("/a/cp1256-declared", "an article in windows-1256, declared in HTTP and <meta>",
         "article", _cp1256_declared),
    Case("/a/section-front", "a section front (a list of teasers) at an article-like URL",
         "not_article", _section_front),
    Case("/a/stub", "a page with a headline and one caption line, no running text",
         "not_article", _stub),
    Case("/a/image.png", "an image where the feed promised an article", "not_html", _image),
    Case("/a/robots-forbidden", "an article that robots.txt forbids", "robots_forbidden",
         _never),
    Case("/a/long", "a very long article (3,000 paragraphs, about 1 MB)", "article", _long),
    Case("/a/js-only", "a page whose content is written by JavaScript: nothing to read",
         "not_article", _js_only),
    Case("/a/soft-404", "a 'page not found' message served with status 200", "not_article",
         _soft_404),
    Case("/a/same-text", "the body of another article under another URL and headline",
         "article", _same_text),
    Case("/a/untitled", "an article with neither <title> nor <h1>", "article", _untitled),
    Case("/a/odd-whitespace", "CRLF line ends, tabs and no-break spaces everywhere", "article",
         _odd_whitespace),
    Case("/a/خبر-عاجل-من-الميناء", "an Arabic slug, percent-encoded in the feed", "article",
         _arabic_slug),
    Case("/a/redirect-inside", "a redirect to an inside address (127.0.0.2) of the site's own "
         "domains: refused before any connection", "forbidden_address", _redirect_inside),
    Case("/a/moved", "an article the site moved: a 301 to its new URL (not in the feed)",
         "article", _moved, also=("/a/moved-here",)),
]

#!/usr/bin/env python3
"""Build the static "alwaha" (الواحة نيوز) fixture site.

Run from the repository root:   python3 crawler/demo/sites/alwaha/build.py

Wipes and rewrites crawler/demo/sites/alwaha/www/ and writes expected.json next to
this file. Stdlib only and fully deterministic (no clock, no randomness).
Every absolute URL is written as "{{ORIGIN}}/path"; the test server
substitutes the real origin when serving.
"""
import html
import json
import shutil
import struct
import sys
import zlib
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape as xesc

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True   # keep the fixture folder free of __pycache__
sys.path.insert(0, str(HERE))
from articles import ABOUT, ARTICLES, COMMENTS, CONTACT, GALLERY, PHOTOGRAPHERS, SECTIONS  # noqa: E402

OUT = HERE / "www"
ORIGIN = "{{ORIGIN}}"
SITE = "الواحة نيوز"
SECTION_NAMES = dict(SECTIONS)
CP1256_ID = 1006                      # the one article served as windows-1256
MOST_READ = [1033, 1021, 1037, 1012, 1028]
TAG_PAGES = {"الذكاء الاصطناعي": "artificial-intelligence", "كرة القدم": "football"}
AUTHOR_PAGES = {"أحمد السعدي": "ahmad-alsaadi"}
NEWS_DAYS = ("2026-11-27", "2026-11-28")
STATIC_LASTMOD = "2026-09-15T10:00:00+03:00"
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS_EG = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
             "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_LEV = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز",
              "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
AD = '<div class="ad-slot">إعلان</div>'
CSS = """body{font-family:Tahoma,Arial,sans-serif;margin:0;line-height:1.8}
.site-header,.site-footer{background:#0b4f6c;color:#fff;padding:8px 16px}
.site-header a,.site-footer a{color:#fff}.main-nav ul{list-style:none;display:flex;gap:12px;padding:0}
.breaking-news{background:#c0392b;color:#fff;padding:4px 16px}.ticker{display:inline;list-style:none}
.ticker li{display:inline;margin-inline-start:16px}.ticker a{color:#fff}
.ad-slot{background:#eee;color:#999;text-align:center;padding:24px;margin:12px 0}
main,.page,#wrapper{max-width:960px;margin:auto;padding:16px}figure{margin:0}img{max-width:100%}
blockquote{border-inline-start:4px solid #0b4f6c;margin:16px 0;padding:4px 16px;color:#333}
"""


# ----------------------------------------------------------------- dates
def cairo_offset(local):
    """Africa/Cairo in 2026: UTC+3 from Fri 24 Apr 00:00 until Thu 29 Oct 24:00."""
    summer = datetime(2026, 4, 24) <= local < datetime(2026, 10, 30)
    return timezone(timedelta(hours=3 if summer else 2))


def cairo(text):
    if text is None:
        return None
    local = datetime.strptime(text, "%Y-%m-%d %H:%M")
    return local.replace(tzinfo=cairo_offset(local))


def utc_z(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_a(dt):
    hour = dt.hour % 12 or 12
    ampm = "ص" if dt.hour < 12 else "م"
    return (f"{WEEKDAYS[dt.weekday()]} {dt.day} {MONTHS_EG[dt.month - 1]} {dt.year}"
            f" - {hour:02d}:{dt.minute:02d} {ampm}")


def date_b(dt):
    return dt.strftime("%d/%m/%Y %H:%M")


def date_c(dt):
    return f"{dt.day} {MONTHS_EG[dt.month - 1]} {dt.year}".translate(EASTERN)


def date_d(dt):
    return f"{dt.day} {MONTHS_LEV[dt.month - 1]} {dt.year}"


# ----------------------------------------------------------------- data
def summarize(text, words=20):
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + "…"


def prepare(item):
    a = dict(item)
    a["dt"], a["mdt"] = cairo(a["published"]), cairo(a.get("modified"))
    a["updated"] = a["mdt"] or a["dt"]
    base = f"/{a['section']}/{a['dt']:%Y/%m/%d}/{a['id']}/"
    a["path"] = base + quote(a["slug"])          # percent-encoded UTF-8
    a["iri"] = base + a["slug"]                  # raw Arabic (IRI)
    a["url"] = ORIGIN + a["path"]
    a["section_name"] = SECTION_NAMES[a["section"]]
    a["layout"] = "ABCD"[(a["id"] - 1001) % 4] if "body" in a else "G"
    a["encoding"] = "windows-1256" if a["id"] == CP1256_ID else "utf-8"
    a["paragraphs"] = [b if isinstance(b, str) else b[1] for b in a.get("body", [])]
    a["summary"] = summarize(a["paragraphs"][0]) if a["paragraphs"] else \
        f"ألبوم صور: {len(a['captions'])} صور من {a['title'].split(': ')[-1]}"
    a["org"] = [n.startswith(("وكالة", "الوكالة")) for n in a.get("authors", [])]
    return a


ARTS = [prepare(a) for a in ARTICLES]
GAL = prepare(GALLERY)
BY_ID = {a["id"]: a for a in ARTS}
NEWEST = sorted(ARTS, key=lambda a: a["dt"], reverse=True)
RSS_ITEMS = NEWEST[:20]
ATOM_ITEMS = [a for a in NEWEST if a["section"] in ("economy", "technology")]
NEWS_ITEMS = [a for a in NEWEST if a["dt"].strftime("%Y-%m-%d") in NEWS_DAYS]


def in_section(section):
    return [a for a in NEWEST if a["section"] == section]


# ----------------------------------------------------------------- html bits
def e(text):
    return html.escape(text, quote=True)


def jsonld(obj):
    data = json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{data}\n</script>'


def site_header():
    nav = "".join(f'<li><a href="/{s}/">{n}</a></li>' for s, n in SECTIONS)
    return f"""<header class="site-header">
<a class="logo" href="/"><img src="/images/logo.png" alt="" width="48" height="48"> <span class="site-name">{SITE}</span></a>
<nav class="main-nav" aria-label="الأقسام"><ul><li><a href="/">الرئيسية</a></li>{nav}<li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li></ul></nav>
<div class="trending"><span>الأكثر تداولا:</span> <a href="/tag/artificial-intelligence/">الذكاء الاصطناعي</a> <a href="/tag/football/">كرة القدم</a></div>
<form class="search" action="/search" method="get" role="search"><input type="search" name="q" placeholder="ابحث في الموقع"> <button type="submit">بحث</button></form>
</header>"""


def ticker():
    items = "".join(f'<li><a href="{a["path"]}">{e(a["title"])}</a></li>' for a in NEWEST[:5])
    return (f'<div class="breaking-news"><strong class="breaking-label">عـاجـل</strong>'
            f'<ul class="ticker">{items}</ul></div>')


def site_footer():
    sec = " | ".join(f'<a href="/{s}/">{n}</a>' for s, n in SECTIONS)
    return f"""<footer class="site-footer">
<nav class="footer-sections">{sec}</nav>
<nav class="footer-links"><a href="/about">من نحن</a> | <a href="/contact">اتصل بنا</a> | <a href="/rss.xml">RSS</a> | <a href="/sitemap.xml">خريطة الموقع</a></nav>
<p class="copyright">© 2026 {SITE}. جميع الحقوق محفوظة.</p>
</footer>"""


def document(title, main, *, description="", canonical=None, meta="", charset="utf-8", cls="page"):
    cs = ('<meta charset="utf-8">' if charset == "utf-8" else
          f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    canon = f'\n<link rel="canonical" href="{canonical}">' if canonical else ""
    meta = f"\n{meta}" if meta else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
{cs}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<meta name="description" content="{e(description)}">{canon}
<link rel="stylesheet" href="/static/site.css">
<link rel="alternate" type="application/rss+xml" title="{SITE} - آخر الأخبار" href="{ORIGIN}/rss.xml">
<link rel="alternate" type="application/atom+xml" title="{SITE} - اقتصاد وتكنولوجيا" href="{ORIGIN}/atom.xml">
<link rel="alternate" type="application/feed+json" title="{SITE} - كل الأخبار" href="{ORIGIN}/feed.json">{meta}
</head>
<body class="{cls}">
{site_header()}
{ticker()}
{main}
{site_footer()}
</body>
</html>
"""


def teaser(a):
    return f"""<article class="teaser">
<a class="teaser-image" href="{a['path']}"><img src="/images/{a['id']}.png" alt="" width="320" height="180" loading="lazy"></a>
<h3 class="teaser-title"><a href="{a['path']}">{e(a['title'])}</a></h3>
<p class="teaser-summary">{e(a['summary'])}</p>
<span class="teaser-meta">{a['section_name']} - {date_a(a['dt'])}</span>
</article>"""


def breadcrumb(a):
    return (f'<nav class="breadcrumb" aria-label="مسار التصفح"><a href="/">الرئيسية</a> › '
            f'<a href="/{a["section"]}/">{a["section_name"]}</a></nav>')


def share_bar():
    buttons = "".join(f'<button type="button" class="share-{c}">{t}</button>' for c, t in
                      [("facebook", "فيسبوك"), ("twitter", "تويتر"), ("whatsapp", "واتساب"), ("print", "طباعة")])
    return f'<div class="share-bar"><span>شارك:</span> {buttons}</div>'


def lead_figure(a):
    credit = PHOTOGRAPHERS[a["id"] % len(PHOTOGRAPHERS)]
    return (f'<figure class="lead-image"><img src="/images/{a["id"]}.png" alt="{e(a["caption"])}" '
            f'width="640" height="360"><figcaption>{e(a["caption"])} '
            f'<span class="photo-credit">(تصوير: {credit})</span></figcaption></figure>')


def author_html(a, rel=False):
    names = []
    for name, org in zip(a["authors"], a["org"]):
        attrs = ' rel="author"' if rel else ""
        if name in AUTHOR_PAGES:
            names.append(f'<a{attrs} href="/authors/{AUTHOR_PAGES[name]}/">{name}</a>')
        elif rel:
            names.append(f'<a{attrs} class="author-name" href="/about#team">{name}</a>')
        else:
            names.append(f'<span class="author-name">{name}</span>')
    return " و".join(names)


def gap_near(body, target):
    """Index i (between two plain paragraphs) closest to target, or None."""
    gaps = [i for i in range(1, len(body)) if isinstance(body[i - 1], str) and isinstance(body[i], str)]
    return min(gaps, key=lambda i: (abs(i - target), i)) if gaps else None


def read_also(a):
    same = [b for b in ARTS if b["section"] == a["section"] and b["id"] != a["id"]]
    other = max((b for b in same if b["dt"] < a["dt"]), key=lambda b: b["dt"], default=same[0])
    link = f'<a href="{other["path"]}">{e(other["title"])}</a>'
    if a["layout"] in "AB":
        return f'<p class="read-also"><strong>اقرأ أيضا:</strong> {link}</p>'
    return f'<aside class="read-also">اقرأ أيضا: {link}</aside>'


def render_body(a):
    layout, body = a["layout"], a["body"]
    hx = "h2" if layout in "AC" else "h3"
    inject = gap_near(body, len(body) // 2) if a["id"] % 3 == 0 else None
    ad_at = gap_near(body, 2) if layout in "BD" else None
    out = []
    for i, item in enumerate(body):
        if i == ad_at:
            out.append(AD)
        if i == inject:
            out.append(read_also(a))
        if isinstance(item, str):
            out.append(f"<p>{e(item)}</p>")
        elif item[0] == "sub":
            out.append(f"<{hx}>{e(item[1])}</{hx}>")
        elif layout in "AB":
            out.append(f"<blockquote><p>{e(item[1])}</p></blockquote>")
        else:
            out.append(f'<blockquote class="pull-quote">{e(item[1])}</blockquote>')
    return "\n".join(out)


def tags_block(a):
    tags = " ".join(f'<a class="tag" href="/tag/{TAG_PAGES[k]}/">{e(k)}</a>' if k in TAG_PAGES
                    else f'<span class="tag">{e(k)}</span>' for k in a["keywords"])
    return f'<div class="tags"><span class="tags-label">الكلمات المفتاحية:</span> {tags}</div>'


def related_block(a):
    same = sorted((b for b in ARTS if b["section"] == a["section"] and b["id"] != a["id"]),
                  key=lambda b: (abs(b["id"] - a["id"]), b["id"]))[:3]
    others = [b for b in NEWEST if b["section"] != a["section"]]
    picks = same + [others[a["id"] % len(others)]]
    href = (lambda b: ORIGIN + b["path"]) if a["layout"] in "AC" else (lambda b: b["path"])
    items = "".join(f'<li><a href="{href(b)}">{e(b["title"])}</a></li>' for b in picks)
    return f'<section class="related"><h3>أخبار ذات صلة</h3><ul>{items}</ul></section>'


def newsletter():
    return ('<aside class="newsletter"><p>اشترك في النشرة البريدية ليصلك ملخص أهم الأخبار كل صباح.</p>'
            '<form action="/newsletter" method="post"><input type="email" name="email" '
            'placeholder="بريدك الإلكتروني"> <button type="submit">اشترك</button></form></aside>')


def comments(a):
    picks = [COMMENTS[(a["id"] * 2 + k) % len(COMMENTS)] for k in (0, 1)]
    items = "".join(f'<div class="comment"><p class="comment-meta"><span class="comment-author">{n}</span> '
                    f'<span class="comment-time">{("قبل ساعتين", "قبل 5 ساعات")[k]}</span></p><p class="comment-text">{e(t)}</p></div>'
                    for k, (n, t) in enumerate(picks))
    return (f'<section class="comments" id="comments"><h3>التعليقات (2)</h3>{items}'
            '<form class="comment-form" action="/comments" method="post"><textarea name="comment" '
            'rows="3" placeholder="أضف تعليقك"></textarea> <button type="submit">إرسال</button></form></section>')


def most_read():
    items = "".join(f'<li><a href="{BY_ID[i]["path"]}">{e(BY_ID[i]["title"])}</a></li>' for i in MOST_READ)
    return f'<section class="most-read"><h2>الأكثر قراءة</h2><ol>{items}</ol></section>'


# ----------------------------------------------------------------- article metadata
def og_meta(a, og_title, og_type="article"):
    return "\n".join([
        f'<meta property="og:title" content="{e(og_title)}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:url" content="{a["url"]}">',
        f'<meta property="og:site_name" content="{SITE}">',
        f'<meta property="og:image" content="{ORIGIN}/images/{a["id"]}.png">',
        f'<meta property="og:description" content="{e(a["summary"])}">',
        '<meta property="og:locale" content="ar_AR">',
        '<meta name="twitter:card" content="summary_large_image">'])


def ld_authors(a):
    out = []
    for name, org in zip(a["authors"], a["org"]):
        person = {"@type": "Organization" if org else "Person", "name": name}
        if name in AUTHOR_PAGES:
            person["url"] = f"{ORIGIN}/authors/{AUTHOR_PAGES[name]}/"
        out.append(person)
    return out


def ld_article(a):
    art = {"@type": "NewsArticle", "headline": a["title"], "description": a["summary"],
           "image": [f"{ORIGIN}/images/{a['id']}.png"], "datePublished": a["dt"].isoformat()}
    if a["mdt"]:
        art["dateModified"] = a["mdt"].isoformat()
    art.update({"author": ld_authors(a), "articleSection": a["section_name"],
                "keywords": a["keywords"], "inLanguage": "ar"})
    return art


PUBLISHER = {"@type": "Organization", "name": SITE, "url": f"{ORIGIN}/",
             "logo": {"@type": "ImageObject", "url": f"{ORIGIN}/images/logo.png"}}


def head_a(a):
    obj = {"@context": "https://schema.org", **ld_article(a), "publisher": PUBLISHER,
           "mainEntityOfPage": {"@type": "WebPage", "@id": a["url"]}}
    return og_meta(a, a["title"]) + f'\n<meta name="keywords" content="{e(", ".join(a["keywords"]))}">\n' + jsonld(obj)


def head_b(a):
    metas = [og_meta(a, f"{a['title']} - {SITE}"), f'<meta name="author" content="{"، ".join(a["authors"])}">',
             f'<meta property="article:published_time" content="{utc_z(a["dt"])}">']
    if a["mdt"]:
        metas.append(f'<meta property="article:modified_time" content="{utc_z(a["mdt"])}">')
    metas.append(f'<meta property="article:section" content="{a["section_name"]}">')
    metas += [f'<meta property="article:tag" content="{e(k)}">' for k in a["keywords"]]
    return "\n".join(metas)


def head_c(a):
    page_id, crumbs = a["url"] + "#webpage", [(f"{ORIGIN}/", "الرئيسية"),
                                              (f"{ORIGIN}/{a['section']}/", a["section_name"]), (a["url"], a["title"])]
    graph = [
        {"@type": "WebSite", "@id": f"{ORIGIN}/#website", "url": f"{ORIGIN}/", "name": SITE, "inLanguage": "ar"},
        {"@type": "WebPage", "@id": page_id, "url": a["url"], "name": f"{a['title']} | {SITE}",
         "isPartOf": {"@id": f"{ORIGIN}/#website"}, "breadcrumb": {"@id": a["url"] + "#breadcrumb"},
         "inLanguage": "ar"},
        {**ld_article(a), "@id": a["url"] + "#article", "isPartOf": {"@id": page_id},
         "mainEntityOfPage": {"@id": page_id}, "publisher": PUBLISHER},
        {"@type": "BreadcrumbList", "@id": a["url"] + "#breadcrumb", "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": n, "item": u} for i, (u, n) in enumerate(crumbs)]},
    ]
    return og_meta(a, a["title"]) + "\n" + jsonld({"@context": "https://schema.org", "@graph": graph})


def head_d(a):
    authors = "، ".join(a["authors"])
    return (og_meta(a, f"{a['title']} | {SITE}") + f'\n<meta name="author" content="{authors}">'
            f'\n<meta name="news_keywords" content="{e(", ".join(a["keywords"]))}">')


# ----------------------------------------------------------------- article layouts
def extras(a):
    return "\n".join([tags_block(a), related_block(a), newsletter(), comments(a)])


def layout_a(a):
    upd = f'\n<div class="date-updated">آخر تحديث: {date_a(a["mdt"])}</div>' if a["mdt"] else ""
    prefix = "المصدر: " if any(a["org"]) else ""
    return f"""<main class="container"><div class="col-main">
{breadcrumb(a)}
<article class="article">
<header class="article-header"><h1 class="article-title">{e(a['title'])}</h1>
<div class="byline">{prefix}{author_html(a)}</div>
<div class="date">{date_a(a['dt'])}</div>{upd}
</header>
{share_bar()}
{lead_figure(a)}
<div class="article-body">
{render_body(a)}
</div>
{extras(a)}
</article>
</div>
<aside class="sidebar">{AD}{most_read()}{AD}</aside>
</main>"""


def layout_b(a):
    upd = f' | تحديث: {date_b(a["mdt"])}' if a["mdt"] else ""
    who = f"المصدر: {author_html(a)}" if any(a["org"]) else f"كتب: {author_html(a)}"
    return f"""<div id="wrapper"><div id="content">
{breadcrumb(a)}
{AD}
<div class="post">
<h1 class="post-title">{e(a['title'])}</h1>
<p class="post-meta"><span class="post-author">{who}</span> | <span class="post-date">{date_b(a['dt'])}</span>{upd}</p>
{share_bar()}
{lead_figure(a)}
<div class="entry">
{render_body(a)}
</div>
{extras(a)}
</div>
</div></div>"""


def layout_c(a):
    upd = f' <span class="updated">آخر تحديث: {date_c(a["mdt"])}</span>' if a["mdt"] else ""
    return f"""<main id="main" class="site-main">
{breadcrumb(a)}
<article class="single-post">
<header class="entry-header"><h1 class="entry-title">{e(a['title'])}</h1>
<div class="entry-meta"><span class="byline">بواسطة {author_html(a, rel=True)}</span> <span class="posted-on">{date_c(a['dt'])}</span>{upd}</div>
</header>
{lead_figure(a)}
{share_bar()}
<section class="entry-content">
{render_body(a)}
</section>
{extras(a)}
</article>
<aside class="widget-area">{most_read()}{AD}</aside>
</main>"""


def layout_d(a):
    upd = (f' <span class="story__updated">آخر تحديث: <time datetime="{a["mdt"].isoformat()}">'
           f'{date_d(a["mdt"])}</time></span>') if a["mdt"] else ""
    who = f"المصدر: {author_html(a)}" if any(a["org"]) else f"بقلم {author_html(a)}"
    return f"""<div class="page"><div class="story">
{breadcrumb(a)}
<h1 class="story__title">{e(a['title'])}</h1>
<p class="story__byline">{who}</p>
<p class="story__dateline"><time datetime="{a['dt'].isoformat()}">{date_d(a['dt'])}</time>{upd}</p>
{lead_figure(a)}
<div class="story__body">
{render_body(a)}
</div>
{share_bar()}
{extras(a)}
</div></div>"""


LAYOUTS = {"A": (head_a, layout_a, " - "), "B": (head_b, layout_b, " - "),
           "C": (head_c, layout_c, " | "), "D": (head_d, layout_d, " - ")}


def article_page(a):
    head, body, sep = LAYOUTS[a["layout"]]
    charset = "utf-8" if a["encoding"] == "utf-8" else "windows-1256"
    return document(a["title"] + sep + SITE, body(a), description=a["summary"], canonical=a["url"],
                    meta=head(a), charset=charset, cls=f"single layout-{a['layout'].lower()}")


def gallery_page(g):
    figs = "\n".join(f'<figure class="gallery-item"><img src="/images/gallery/{g["id"]}-{i}.png" alt="{e(c)}" '
                     f'width="800" height="450"><figcaption>{e(c)}</figcaption></figure>'
                     for i, c in enumerate(g["captions"], 1))
    obj = {"@context": "https://schema.org", "@type": "ImageGallery", "name": g["title"], "url": g["url"],
           "datePublished": g["dt"].isoformat(), "image": [f"{ORIGIN}/images/gallery/{g['id']}-{i}.png"
                                                           for i in range(1, len(g["captions"]) + 1)]}
    main = f"""<main class="gallery-page">
{breadcrumb(g)}
<h1 class="gallery-title">{e(g['title'])}</h1>
<p class="gallery-meta"><time datetime="{g['dt'].isoformat()}">{date_a(g['dt'])}</time> - تصوير: {g['photographer']}</p>
{share_bar()}
<div class="gallery">
{figs}
</div>
{AD}
</main>"""
    return document(f"{g['title']} - {SITE}", main, description=g["summary"], canonical=g["url"],
                    meta=og_meta(g, g["title"]) + "\n" + jsonld(obj), cls="gallery")


# ----------------------------------------------------------------- other pages
def home_page():
    latest = "\n".join(teaser(a) for a in NEWEST[:15])
    blocks = "\n".join(f'<section class="section-block"><h2><a href="/{s}/">{n}</a></h2><ul>'
                       + "".join(f'<li><a href="{a["path"]}">{e(a["title"])}</a></li>' for a in in_section(s)[:3])
                       + "</ul></section>" for s, n in SECTIONS)
    main = f"""<main class="home">
{AD}
<section class="latest"><h2>آخر الأخبار</h2>
{latest}
</section>
<aside class="sidebar">{most_read()}{AD}</aside>
{blocks}
</main>"""
    return document(f"{SITE} - أخبار العالم العربي لحظة بلحظة", main, canonical=f"{ORIGIN}/", cls="home",
                    description="الواحة نيوز: أخبار السياسة والاقتصاد والرياضة والثقافة والتكنولوجيا والصحة.")


def section_page(slug, name):
    items = in_section(slug) + ([GAL] if slug == GAL["section"] else [])
    items.sort(key=lambda a: a["dt"], reverse=True)
    pages = (f'<nav class="pagination"><span class="current">1</span> <a href="/{slug}/?page=2">2</a> '
             f'<a href="/{slug}/?page=3">3</a> <a class="next" href="/{slug}/?page=2">التالي</a></nav>')
    main = f"""<main class="section-front">
<h1 class="section-title">{name}</h1>
{AD}
{chr(10).join(teaser(a) for a in items)}
{pages}
</main>"""
    return document(f"{name} - {SITE}", main, canonical=f"{ORIGIN}/{slug}/", cls=f"section {slug}",
                    description=f"آخر أخبار {name} من {SITE}.")


def simple_page(title, inner, path, cls):
    return document(f"{title} - {SITE}", f'<main class="{cls}">\n<h1>{title}</h1>\n{inner}\n</main>',
                    canonical=ORIGIN + path, cls=cls, description=f"{title} - {SITE}")


def listing(items):
    return '<ul class="article-list">' + "".join(
        f'<li><a href="{a["path"]}">{e(a["title"])}</a> <span class="date">{date_b(a["dt"])}</span></li>'
        for a in items) + "</ul>"


# ----------------------------------------------------------------- feeds & sitemaps
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def rss():
    items = []
    for a in RSS_ITEMS:
        creator = "".join(f"<dc:creator>{xesc(n)}</dc:creator>" for n in a["authors"]) \
            if a["layout"] in "AC" and not any(a["org"]) else ""
        items.append(f"""<item>
<title>{xesc(a['title'])}</title>
<link>{a['url']}</link>
<guid isPermaLink="true">{a['url']}</guid>
<pubDate>{format_datetime(a['dt'])}</pubDate>
<category>{a['section_name']}</category>{creator}
<description>{xesc(a['summary'])}</description>
</item>""")
    return XML_HEAD + f"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{SITE}</title>
<link>{ORIGIN}/</link>
<description>آخر الأخبار من {SITE}</description>
<language>ar</language>
<lastBuildDate>{format_datetime(NEWEST[0]['updated'])}</lastBuildDate>
<atom:link href="{ORIGIN}/rss.xml" rel="self" type="application/rss+xml"/>
{chr(10).join(items)}
</channel>
</rss>
"""


def atom():
    entries = []
    for a in ATOM_ITEMS:
        authors = "".join(f"<author><name>{xesc(n)}</name></author>" for n in a["authors"])
        entries.append(f"""<entry>
<id>tag:alwaha.example,2026:article-{a['id']}</id>
<title>{xesc(a['title'])}</title>
<link rel="alternate" type="text/html" href="{ORIGIN}{a['iri']}"/>
<published>{a['dt'].isoformat()}</published>
<updated>{a['updated'].isoformat()}</updated>
{authors}
<category term="{a['section']}" label="{a['section_name']}"/>
<summary type="text">{xesc(a['summary'])}</summary>
</entry>""")
    updated = max(a["updated"] for a in ATOM_ITEMS).isoformat()
    return XML_HEAD + f"""<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
<id>tag:alwaha.example,2026:feed-economy-technology</id>
<title>{SITE} - اقتصاد وتكنولوجيا</title>
<link rel="self" type="application/atom+xml" href="{ORIGIN}/atom.xml"/>
<link rel="alternate" type="text/html" href="{ORIGIN}/"/>
<updated>{updated}</updated>
{chr(10).join(entries)}
</feed>
"""


def json_feed():
    """JSON Feed 1.1 with every article, newest first (links as raw-Arabic IRIs)."""
    items = [{"id": a["url"], "url": ORIGIN + a["iri"], "title": a["title"],
              "summary": a["summary"], "date_published": a["dt"].isoformat(),
              "date_modified": (a["mdt"] or a["dt"]).isoformat(),
              "authors": [{"name": n} for n in a["authors"]], "tags": a["keywords"]}
             for a in NEWEST]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": SITE,
            "home_page_url": f"{ORIGIN}/", "feed_url": f"{ORIGIN}/feed.json", "language": "ar",
            "items": items}
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def archive_days():
    """{"YYYY/MM/DD": [articles published that local day]} for the date archive."""
    days = {}
    for a in NEWEST:
        days.setdefault(a["dt"].strftime("%Y/%m/%d"), []).append(a)
    return days


def archive_page(day, items):
    path = f"/archive/{day}/"
    return simple_page(f"أرشيف {day}", listing(items), path, "archive")


def urlset(rows, news=False):
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return XML_HEAD + f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>\n' + "\n".join(rows) + "\n</urlset>\n"


def news_sitemap():
    rows = [f"""<url><loc>{a['url']}</loc><news:news>
<news:publication><news:name>{SITE}</news:name><news:language>ar</news:language></news:publication>
<news:publication_date>{a['dt'].isoformat()}</news:publication_date>
<news:title>{xesc(a['title'])}</news:title>
<news:keywords>{xesc(", ".join(a['keywords']))}</news:keywords>
</news:news></url>""" for a in NEWS_ITEMS]
    return urlset(rows, news=True)


def month_items(month):
    return sorted((a for a in ARTS + [GAL] if a["dt"].strftime("%Y-%m") == month), key=lambda a: a["dt"], reverse=True)


def month_sitemap(month):
    return urlset([f"<url><loc>{a['url']}</loc><lastmod>{a['updated'].isoformat()}</lastmod></url>"
                   for a in month_items(month)])


def pages_rows():
    newest = NEWEST[0]["updated"].isoformat()
    rows = [(f"{ORIGIN}/", newest, "hourly")]
    rows += [(f"{ORIGIN}/{s}/", in_section(s)[0]["updated"].isoformat(), "hourly") for s, _ in SECTIONS]
    rows += [(f"{ORIGIN}/about", STATIC_LASTMOD, "yearly"), (f"{ORIGIN}/contact", STATIC_LASTMOD, "yearly")]
    return rows


def sitemap_index():
    parts = [("news", NEWS_ITEMS), ("2026-11", month_items("2026-11")), ("2026-10", month_items("2026-10"))]
    rows = [(name, max(a["updated"] for a in items).isoformat()) for name, items in parts]
    rows.append(("pages", max(r[1] for r in pages_rows())))
    body = "\n".join(f"<sitemap><loc>{ORIGIN}/sitemaps/{n}.xml</loc><lastmod>{m}</lastmod></sitemap>" for n, m in rows)
    return XML_HEAD + f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</sitemapindex>\n'


# ----------------------------------------------------------------- output
def png(width, height, rgb):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def write(rel, content, encoding="utf-8"):
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))


def expected():
    def art(a):
        return {"id": a["id"], "path": a["path"], "slug": a["slug"], "file": f"articles/{a['id']}.html",
                "section": a["section"], "section_name": a["section_name"], "title": a["title"],
                "authors": a["authors"], "published": a["dt"].isoformat(),
                "modified": a["mdt"].isoformat() if a["mdt"] else None, "keywords": a["keywords"],
                "paragraphs": a["paragraphs"], "layout": a["layout"], "encoding": a["encoding"],
                "in_rss": a in RSS_ITEMS, "in_atom": a in ATOM_ITEMS, "in_news_sitemap": a in NEWS_ITEMS}
    non = [{"path": "/", "kind": "home", "file": "index.html"}]
    non += [{"path": f"/{s}/", "kind": "section_front", "file": f"{s}/index.html"} for s, _ in SECTIONS]
    non += [{"path": "/about", "kind": "about", "file": "about.html"},
            {"path": "/contact", "kind": "contact", "file": "contact.html"}]
    non += [{"path": f"/tag/{t}/", "kind": "tag", "file": f"tag/{t}/index.html"} for t in TAG_PAGES.values()]
    non += [{"path": f"/authors/{s}/", "kind": "author", "file": f"authors/{s}/index.html"} for s in AUTHOR_PAGES.values()]
    non += [{"path": f"/archive/{d}/", "kind": "archive", "file": f"archive/{d}/index.html"}
            for d in archive_days()]
    non.append({"path": GAL["path"], "kind": "gallery", "id": GAL["id"], "title": GAL["title"],
                "file": f"articles/{GAL['id']}.html"})
    return {"site": "alwaha", "timezone": "Africa/Cairo", "articles": [art(a) for a in ARTS], "non_articles": non}


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    for a in ARTS:
        write(f"articles/{a['id']}.html", article_page(a), "cp1256" if a["encoding"] != "utf-8" else "utf-8")
        write(f"images/{a['id']}.png", png(64, 36, (a["id"] * 37 % 256, a["id"] * 91 % 256, a["id"] * 53 % 256)))
    write(f"articles/{GAL['id']}.html", gallery_page(GAL))
    write(f"images/{GAL['id']}.png", png(64, 36, (200, 120, 40)))
    for i in range(1, len(GAL["captions"]) + 1):
        write(f"images/gallery/{GAL['id']}-{i}.png", png(64, 36, (30 * i, 120, 255 - 30 * i)))
    write("images/logo.png", png(48, 48, (11, 79, 108)))
    write("static/site.css", CSS)
    write("index.html", home_page())
    for slug, name in SECTIONS:
        write(f"{slug}/index.html", section_page(slug, name))
    names = list(dict.fromkeys(n for a in ARTS for n in a["authors"]))
    team = '<h2 id="team">فريق التحرير ومصادرنا</h2><ul class="team">' + "".join(f"<li>{n}</li>" for n in names) + "</ul>"
    write("about.html", simple_page("من نحن", "\n".join(f"<p>{e(p)}</p>" for p in ABOUT) + "\n" + team, "/about", "about"))
    write("contact.html", simple_page("اتصل بنا", CONTACT, "/contact", "contact"))
    for tag, slug in TAG_PAGES.items():
        items = [a for a in NEWEST if tag in a["keywords"]]
        write(f"tag/{slug}/index.html", simple_page(f"الوسم: {tag}", listing(items), f"/tag/{slug}/", "tag"))
    for name, slug in AUTHOR_PAGES.items():
        items = [a for a in NEWEST if name in a["authors"]]
        bio = f'<p class="author-bio">{name} محرر الشؤون السياسية في {SITE}، يغطي أخبار العراق والمشرق العربي.</p>'
        write(f"authors/{slug}/index.html", simple_page(name, bio + "\n" + listing(items), f"/authors/{slug}/", "author"))
    write("feed.json", json_feed())
    for day, items in archive_days().items():
        write(f"archive/{day}/index.html", archive_page(day, items))
    write("robots.txt", f"User-agent: *\nDisallow: /admin/\n\nSitemap: {ORIGIN}/sitemap.xml\n")
    write("rss.xml", rss())
    write("atom.xml", atom())
    write("sitemap.xml", sitemap_index())
    write("sitemaps/news.xml", news_sitemap())
    write("sitemaps/2026-11.xml", month_sitemap("2026-11"))
    write("sitemaps/2026-10.xml", month_sitemap("2026-10"))
    write("sitemaps/pages.xml", urlset([f"<url><loc>{u}</loc><lastmod>{m}</lastmod><changefreq>{c}</changefreq></url>"
                                        for u, m, c in pages_rows()]))
    (HERE / "expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {sum(1 for p in OUT.rglob('*') if p.is_file())} files to {OUT}")


if __name__ == "__main__":
    main()

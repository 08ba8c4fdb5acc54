"""Held-out page templates II: an economy page with a stock ticker and a price table inside
the body, a Kurdistan-region Arabic site, a Sudanese page whose body is <br><br>-separated text
in one <div>, a Yemeni page with the date line above the headline, a Gulf government agency's
press release and a mobile m. site."""

from __future__ import annotations

from html import escape

from bench.articlegen.blocks import (
    breadcrumb,
    comments,
    figure,
    follow_prompt,
    footer,
    link,
    nav,
    paragraphs,
    read_also,
    share,
    tags,
    teasers,
)
from bench.articlegen.holdout import own_dateline, source_tail
from bench.articlegen.parts import HOLDOUT, Page, template
from bench.articlegen.templates import credit, doc, maybe
from bench.articlegen.words import PAGEGEN_HEADLINES

STOCKS = ["مصرف الواحة", "إسمنت الشمال", "اتصالات الخليج الجديدة", "الأسمدة الوطنية",
          "موانئ البحر", "الفنادق المتحدة"]


def stock_ticker(p: Page) -> str:
    rng = p.rng
    items = "".join(f'<li class="tk-item"><b>{escape(s)}</b> <span class="tk-val">'
                    f'{rng.randint(5, 90)}.{rng.randint(10, 99)}</span> <span class="tk-chg">'
                    f'{rng.choice("+-")}{rng.randint(0, 4)}.{rng.randint(1, 9)}%</span></li>'
                    for s in rng.sample(STOCKS, 5))
    p.hazard("stock-ticker", "المؤشر العام")
    return f'<div class="stock-ticker"><span>المؤشر العام</span><ul>{items}</ul></div>'


def price_table(p: Page) -> str:
    """A table inside the body (article content): each row becomes one gold paragraph."""
    rng = p.rng
    rows = [(s, f"{rng.randint(5, 90)}.{rng.randint(10, 99)}",
             f"{rng.randint(1, 9)}.{rng.randint(1, 9)}%") for s in rng.sample(STOCKS, 3)]
    head = ("الشركة", "سعر الإغلاق", "التغير")
    p.a.paragraphs.append(" ".join(head))
    p.a.paragraphs.extend(" ".join(r) for r in rows)
    cells = "".join("<tr>\n" + "".join(f"<td>{escape(c)}</td>\n" for c in r) + "</tr>\n"
                    for r in rows)
    p.hazard("table-in-body", head[1])
    return ('<table class="prices">\n<thead><tr>\n'
            + "".join(f"<th>{h}</th>\n" for h in head)
            + f"</tr></thead>\n<tbody>\n{cells}</tbody></table>")


@template("econ_markets", "الأسواق اليوم", "Africa/Cairo", ("relative",),
          "economy page: stock ticker bar, price table inside the article, currency widget",
          registry=HOLDOUT)
def econ_markets(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/economy/markets/{a.published:%Y%m%d}/{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date = own_dateline(p, ("clock_word", "eastern_dash"))
    by = p.byline()
    text = paragraphs(p, "p", (read_also(p, "blockquote"),))
    table = price_table(p)  # after the paragraphs: its rows join the gold, not the <p>s
    rates = "".join(f"<li>{c} <b>{rng.randint(1, 60)}.{rng.randint(10, 99)}</b></li>"
                    for c in ("الدولار", "اليورو", "الريال"))
    p.hazard("currency-widget", "أسعار العملات")
    body = (f'{stock_ticker(p)}<header class="mk-head"><a class="mk-logo">{escape(p.spec.site)}'
            f'</a><ul class="mk-nav">{nav(p)}</ul></header><div class="mk-page">'
            f'<div class="mk-article"><h1 class="mk-title">{escape(p.title)}</h1>'
            f'<div class="mk-meta"><span class="mk-author">{by}</span> • <span>{date}</span></div>'
            f'{figure(p, "figcaption")}<div class="mk-body">{text}{table}{credit(p)}</div>'
            f'{share(p, "mk-share")}</div><aside class="mk-aside"><div class="fx-box">'
            f'<h4>أسعار العملات</h4><ul>{rates}</ul></div>'
            f'{teasers(p, "الأكثر تداولا", "mk-most", 5)}</aside></div>'
            f'<footer class="mk-foot">{footer(p)}</footer>')
    return doc(p, p.head(m, url), body), url


@template("ku_region", "شفق الإقليم", "Asia/Baghdad", ("dotted", "eastern_dash"),
          "Kurdistan-region Arabic site: language switcher, justified paragraphs, h4 read-also",
          registry=HOLDOUT)
def ku_region(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/ar/{a.section[0]}/{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date = own_dateline(p, ("dotted", "eastern_dash", "levant_short"))
    by = p.byline()
    label = "اقرأ أيضاً"
    heads = p.rng.sample(a.related, 2)
    also = f'<h4 class="inline-also">{label}: {link(p, heads[0])}</h4>'
    p.hazard("read-also-h4", label)
    text = "".join(f'<p style="text-align:justify">{escape(t)}</p>' for t in a.paragraphs[:2])
    text += also + "".join(f'<p style="text-align:justify">{escape(t)}</p>'
                           for t in a.paragraphs[2:])
    langs = '<div class="lang-switch"><a>کوردی</a> | <a>English</a> | <a>عربي</a></div>'
    p.hazard("language-switcher", "کوردی")
    body = (f'{langs}<div class="ku-header"><a class="ku-brand">{escape(p.spec.site)}</a>'
            f'<ul class="ku-menu">{nav(p)}</ul></div><div class="ku-wrap"><div class="ku-news">'
            f'<div class="ku-cat">{escape(a.section[1])}</div><h1 class="ku-h">{escape(p.title)}'
            f'</h1><div class="ku-info"><span class="ku-date">{date}</span>'
            f'<span class="ku-by">{by}</span></div>{figure(p, "div")}'
            f'<div class="text-justify ku-text">{text}</div>{tags(p, "ku-tags")}</div>'
            f'<div class="ku-side">{teasers(p, "آخر الأخبار", "ku-last", 7)}</div></div>'
            f'<div class="ku-footer">{footer(p)}</div>')
    return doc(p, p.head(m, url), body), url


@template("sd_brbr", "النيلين الآن", "Africa/Khartoum", ("hijri_numeric", "clock_word"),
          "Sudanese page: the body is one <div> of text separated by <br><br>, credit last",
          registry=HOLDOUT)
def sd_brbr(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/index.php?option=news&id={a.ident}"
    m = p.machine()
    p.lead_dateline()
    date = own_dateline(p, ("hijri_numeric", "clock_word"), rng.choice(["", "بتاريخ "]))
    by, line = p.byline(), p.agency_line()
    share_line = rng.choice(["شارك الخبر مع أصدقائك", "انشر الخبر"])
    p.hazard("share-prompt-text", share_line)
    text = paragraphs(p, "br", (read_also(p, "p_strong"),))
    tail = f"<br><br>{line}" if line else ""
    body = (f'<div id="wrap"><div id="logo">{escape(p.spec.site)}</div><ul id="topnav">'
            f'{nav(p)}</ul><div id="news"><div class="ncat">{escape(a.section[1])}</div>'
            f'<div class="ntitle">{escape(p.title)}</div>'
            f'<div class="ninfo">{by} {date}</div>{figure(p, "div_plain")}'
            f'<div class="ntext">{text}{tail}</div><div class="nshare">{escape(share_line)}'
            f'</div>{comments(p, "ncomments")}</div><div id="more">'
            f'{teasers(p, "أخبار متعلقة", "nrel", 5)}</div><div id="foot">{footer(p)}</div></div>')
    p.hazard("br-paragraphs", "")
    p.hazard("no-h1", p.title)
    return doc(p, p.head(m, url, jsonld=rng.random() < 0.3), body), url


@template("ye_top_date", "المشهد اليمني الحر", "Asia/Aden", ("relative",),
          "Yemeni portal: the date line and place ABOVE the headline, subtitle below it",
          registry=HOLDOUT)
def ye_top_date(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/news/{a.ident}"
    m = p.machine()
    date = own_dateline(p, ("hijri_first", "month_year_first", "clock_word"))
    by = p.byline()
    sub = rng.choice(PAGEGEN_HEADLINES)
    p.hazard("subtitle", sub)
    text = paragraphs(p, "p", (read_also(p, "list"), maybe(p, 0.5, lambda: follow_prompt(p))))
    body = (f'<div class="ye-page"><div class="ye-top"><span class="ye-logo">'
            f'{escape(p.spec.site)}</span><ul>{nav(p)}</ul></div>{breadcrumb(p, "/")}'
            f'<div class="ye-article"><div class="ye-upper"><span class="ye-place">'
            f'{escape(a.place)}</span> <span class="ye-time">{date}</span></div>'
            f'<h1 class="ye-headline">{escape(p.title)}</h1><h2 class="ye-sub">{escape(sub)}</h2>'
            f'<div class="ye-writer">{by}</div>{figure(p, "figcaption")}'
            f'<div class="ye-content">{text}{source_tail(p)}</div>{share(p, "ye-share")}</div>'
            f'<div class="ye-related">{teasers(p, "تابع أيضاً", "ye-rel", 4, True)}</div>'
            f'<div class="ye-foot">{footer(p)}</div></div>')
    return doc(p, p.head(m, url), body), url


@template("gov_release", "المركز الإعلامي لوزارة التخطيط", "Asia/Dubai",
          ("hijri_numeric", "latin_dayfirst"),
          "Gulf government agency press release: release number, attachments, media contact",
          registry=HOLDOUT)
def gov_release(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    a.byline, a.authors = "none", []
    url = f"https://{p.spec.host}/ar/media-centre/press-releases/{a.ident}"
    m = p.machine()
    date = own_dateline(p, ("hijri_numeric", "latin_dayfirst", "dotted"))
    number = f"رقم البيان: {rng.randint(100, 999)}/{a.published.year}"
    p.hazard("release-number", number)
    contact = "للاستفسارات الإعلامية: media@planning.gov.example"
    p.hazard("media-contact", contact)
    text = paragraphs(p, "p", ())
    body = (f'<div class="gov-shell"><div class="gov-bar">حكومة الاتحاد</div>'
            f'<header class="gov-header"><a class="gov-emblem">{escape(p.spec.site)}</a>'
            f'<ul class="gov-menu">{nav(p)}</ul></header><main class="gov-main">'
            f'<div class="release-head"><span class="release-type">بيان صحفي</span>'
            f'<span class="release-no">{escape(number)}</span><span class="release-date">{date}'
            f'</span><span class="release-sector">{escape(a.section[1])}</span></div>'
            f'<h1 class="release-title">{escape(p.title)}</h1>'
            f'<div class="release-body">{text}</div><div class="release-files"><h3>المرفقات</h3>'
            f'<a href="/files/{a.ident}.pdf">تحميل البيان (PDF)</a></div>'
            f'<div class="release-contact">{escape(contact)}</div></main>'
            f'<div class="gov-rate">هل كانت هذه الصفحة مفيدة؟ <button>نعم</button>'
            f'<button>لا</button></div><footer class="gov-foot">{footer(p)}</footer></div>')
    p.hazard("page-feedback", "هل كانت هذه الصفحة مفيدة؟")
    return doc(p, p.head(m, url, jsonld=False), body), url


@template("mobile_m", "الخبر السريع", "Asia/Kuwait", ("relative",),
          "mobile m. site: compact header, app banner, previous/next article titles",
          registry=HOLDOUT, host="m.alkhabar-alsari.example")
def mobile_m(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/a/{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date = own_dateline(p, ("month_year_first", "eastern_dash", "latin_dayfirst"))
    by = p.byline()
    text = paragraphs(p, "p", (figure(p, "span"), read_also(p, "p_strong")))
    prev_h, next_h = rng.sample(PAGEGEN_HEADLINES, 2)
    p.hazard("prev-next", "الخبر التالي")
    p.hazard("app-banner", "حمّل التطبيق")
    body = (f'<div class="m-app-banner">حمّل التطبيق <a href="#">تثبيت</a></div>'
            f'<header class="m-bar"><button class="m-burger">☰</button><span class="m-logo">'
            f'{escape(p.spec.site)}</span></header><div class="m-article">'
            f'<h1 class="m-h">{escape(p.title)}</h1><div class="m-sub">{date} · {by}</div>'
            f'<div class="m-txt">{text}{source_tail(p)}</div>{share(p, "m-share")}</div>'
            f'<div class="m-pn"><a class="m-prev">الخبر السابق: {escape(prev_h)}</a>'
            f'<a class="m-next">الخبر التالي: {escape(next_h)}</a></div>'
            f'<div class="m-more">{teasers(p, "المزيد", "m-card", 5)}</div>'
            f'<nav class="m-tabbar"><a>الرئيسية</a><a>عاجل</a><a>فيديو</a></nav>'
            f'<footer class="m-foot">{footer(p)}</footer>')
    return doc(p, p.head(m, url, og=True), body), url

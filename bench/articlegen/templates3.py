"""Page templates III: AMP, Bootstrap, a breaking-news ticker page, schema.org microdata, an
opinion column with an author box, a wire agency, Iraqi, Palestinian, Libyan (Blogger-like),
Omani photo-story and Bahraini interview layouts."""

from __future__ import annotations

from html import escape

from bench.articlegen.blocks import (
    breadcrumb,
    comments,
    embed,
    figure,
    follow_prompt,
    footer,
    kicker,
    meta_top,
    nav,
    paragraphs,
    read_also,
    share,
    tags,
    teasers,
    ticker,
)
from bench.articlegen.parts import Page, template
from bench.articlegen.templates import credit, doc, maybe
from bench.articlegen.words import AGENCIES, PAGEGEN_HEADLINES, REPORTERS


@template("amp", "الوطن الجديد", "Asia/Kuwait", ("weekday_time12", "plain", "hijri"),
          "AMP page (amp-img, amp-social-share, amp-sidebar)")
def amp(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/amp/{a.section[0]}/{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    img = (f'<figure class="amp-fig"><amp-img src="https://{p.spec.host}/i/{a.ident}.jpg" '
           f'width="800" height="450" layout="responsive"></amp-img>')
    cap = figure(p, "figcaption").split("<figcaption>", 1)[1]
    text = paragraphs(p, "p", (read_also(p, "p_strong"),))
    shares = "".join(f'<amp-social-share type="{n}"></amp-social-share>'
                     for n in ("facebook", "twitter", "whatsapp"))
    p.hazard("share-prompt", "شارك الخبر")
    body = (f'<amp-sidebar id="menu" layout="nodisplay"><ul>{nav(p)}</ul></amp-sidebar>'
            f'<header class="amp-header"><a class="amp-logo">{escape(p.spec.site)}</a></header>'
            f'<main><article class="amp-article"><div class="amp-cat">{escape(a.section[1])}</div>'
            f'<h1 class="amp-title">{escape(p.title)}</h1><div class="amp-meta">'
            f'<span class="amp-author">{by}</span><span class="amp-date">{date}</span></div>'
            f"{img}<figcaption>{cap}<div class=\"amp-body\">{text}</div>"
            f'<div class="amp-share"><span>شارك الخبر</span>{shares}</div>{tags(p, "amp-tags")}'
            f'</article><div class="amp-related">{teasers(p, "أخبار ذات صلة", "amp-rel", 4)}'
            f'</div></main><footer class="amp-footer">{footer(p)}</footer>')
    extra = ('<script async src="https://cdn.ampproject.example/v0.js"></script>'
             '<style amp-custom>body{direction:rtl}</style>'
             f'<link rel="amphtml" href="{url}">')
    html = doc(p, p.head(m, url, extra=extra), body, 'amp lang="ar" dir="rtl"')
    p.hazard("amp", "amp-img")
    return html, url


@template("bootstrap", "عين على الأخبار", "Asia/Amman", ("plain", "numeric_time", "levant_dual"),
          "Bootstrap grid (container/row/col-md-8, card, badge)")
def bootstrap(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/news/details/{a.ident}"
    m = p.machine()
    date, by = meta_top(p, p.dateline(), p.byline(), "p")
    text = paragraphs(p, "p",
                      (figure(p, "div"), read_also(p, "list"),
                       maybe(p, 0.4, lambda: embed(p))))
    body = (f'<nav class="navbar navbar-expand-lg navbar-dark bg-dark"><a class="navbar-brand">'
            f'{escape(p.spec.site)}</a><ul class="navbar-nav">{nav(p)}</ul></nav>'
            f'<div class="container mt-4"><div class="row"><div class="col-md-8">'
            f'<ol class="breadcrumb"><li class="breadcrumb-item">{breadcrumb(p, "")}</li></ol>'
            f'<div class="card mb-3"><div class="card-body"><span class="badge badge-primary">'
            f'{escape(a.section[1])}</span><h1 class="card-title h3">{escape(p.title)}</h1>'
            f'<p class="text-muted small"><i class="fa fa-user"></i> {by} '
            f'<i class="fa fa-clock"></i> {date}</p>{figure(p, "figcaption")}'
            f'<div class="card-text news-text">{text}{credit(p)}</div></div>'
            f'<div class="card-footer">{tags(p, "badges")}{share(p, "btn-group")}</div></div>'
            f'{comments(p, "card comments")}</div><div class="col-md-4">'
            f'{teasers(p, "الأكثر قراءة", "list-group", 6)}</div></div></div>'
            f'<footer class="footer bg-light">{footer(p)}</footer>')
    return doc(p, p.head(m, url), body), url


@template("ticker", "الضحى الجديد", "Asia/Beirut", ("relative", "levant", "numeric_time"),
          "breaking-news page: ticker bar, live-updates sidebar with times, urgent label")
def ticker_page(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/{a.published:%Y/%m/%d}/{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    text = paragraphs(p, "p", (read_also(p, "blockquote"), follow_prompt(p)))
    live = "".join(f'<li><span class="hour">{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}'
                   f'</span> {escape(h)}</li>' for h in rng.sample(PAGEGEN_HEADLINES, 6))
    p.hazard("live-sidebar", "مباشر")
    urgent = ""
    if rng.random() < 0.5:  # the headline's own 'urgent' label, inside the h1
        urgent = '<span class="red">عاجل | </span>'
        p.hazard("kicker-in-h1", "عاجل |")
    body = (f'{ticker(p)}<header class="hdr"><div class="hdr-logo">{escape(p.spec.site)}</div>'
            f'<ul class="hdr-menu">{nav(p)}</ul></header><div class="wrap"><div class="main-col">'
            f'<div class="urgent-tag">{kicker(p)}</div><h1 class="news-title">{urgent}'
            f'{escape(p.title)}'
            '</h1>'
            f'<div class="news-info"><span>{by}</span><span class="news-date">{date}</span>'
            f'<span class="upd">{p.updated()}</span></div>{figure(p, "span")}'
            f'<div class="news-text">{text}</div>{share(p, "share-row")}{tags(p, "kw")}</div>'
            f'<div class="side-col"><div class="live"><h3>مباشر</h3><ul>{live}</ul></div>'
            f'{teasers(p, "الأكثر قراءة", "mostread", 5)}</div></div><footer>{footer(p)}</footer>')
    return doc(p, p.head(m, url), body), url


@template("microdata", "صحيفة الصباح الجديد", "Africa/Khartoum", ("plain", "weekday", "iso_like"),
          "HTML5 article with schema.org microdata (itemprop articleBody, datePublished)")
def microdata(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/posts/{a.ident}"
    m = p.machine(p.rng.choice(["full", "none", "date_only"]))
    date, by = p.dateline(), p.byline()
    stamp = (f'<meta itemprop="datePublished" content="{m["published"]}">'
             if "published" in m else "")
    text = paragraphs(p, "p", (figure(p, "figcaption"), read_also(p)))
    body = (f'<header><h2 class="brand">{escape(p.spec.site)}</h2><nav><ul>{nav(p)}</ul></nav>'
            f'</header><main><article itemscope itemtype="https://schema.org/NewsArticle">{stamp}'
            f'<header><p class="section" itemprop="articleSection">{escape(a.section[1])}</p>'
            f'<h1 itemprop="headline">{escape(p.title)}</h1><p class="byline">'
            f'<span itemprop="author">{by}</span> — <span class="dt">{date}</span></p></header>'
            f'<section itemprop="articleBody">{text}</section><footer>{tags(p)}{share(p)}</footer>'
            f'</article><aside>{teasers(p, "اقرأ أيضا", "also", 4)}</aside></main>'
            f"<footer>{footer(p)}</footer>")
    p.hazard("brand-h2", p.spec.site)
    return doc(p, p.head(m, url, jsonld=False), body), url


@template("opinion", "القلم الحر", "Africa/Cairo", ("weekday", "plain", "weekday_time12"),
          "opinion column: author box with photo and biography, column name as kicker")
def opinion(p: Page) -> tuple[str, str]:
    a = p.a
    a.byline, a.authors = "person", [p.rng.choice(REPORTERS)]
    url = f"https://{p.spec.host}/opinion/{a.ident}"
    m = p.machine()
    date, by = p.dateline(), p.byline()
    bio = f"كاتب وصحفي يكتب في الشأن العام منذ عشرين عاما وله عدة مؤلفات في {a.section[1]}"
    p.hazard("author-bio", bio)
    text = paragraphs(p, "p", (read_also(p, "p_strong"),))
    body = (f'<div class="page"><div class="logo">{escape(p.spec.site)}</div>'
            f'<ul class="menu">{nav(p)}'
            f'</ul><div class="column-page"><div class="column-name">{kicker(p)}</div>'
            f'<div class="author-box"><img src="/w/{a.ident}.jpg" alt=""><div class="author-name">'
            f'{by}</div><p class="author-bio">{escape(bio)}</p></div>'
            f'<h1 class="column-title">{escape(p.title)}</h1><div class="column-date">{date}</div>'
            f'<div class="column-text">{text}</div>{share(p)}<div class="author-more">'
            f'{teasers(p, "مقالات أخرى للكاتب", "author-articles", 4)}</div>{comments(p)}</div>'
            f'<div class="foot">{footer(p)}</div></div>')
    return doc(p, p.head(m, url), body), url


@template("wire", "وكالة الأنباء المستقلة", "Asia/Damascus", ("levant", "numeric_time", "relative"),
          "wire agency: agency credit instead of an author, city dateline, Levantine months")
def wire(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    a.byline, a.authors = "agency", []
    a.agency = a.agency or rng.choice(AGENCIES)
    url = f"https://{p.spec.host}/ar/news/{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    text = paragraphs(p, "p", (read_also(p, "list"),))
    body = (f'<div class="agency"><div class="agency-top">{escape(p.spec.site)}<ul>{nav(p)}</ul>'
            f'</div><div class="story"><div class="story-head"><span class="story-date">{date}'
            '</span>'
            f'<h1>{escape(p.title)}</h1><div class="story-source">{by}</div></div>'
            f'{figure(p, "div")}<div class="story-body">{text}</div>'
            f'<div class="story-keywords">{tags(p)}</div></div><div class="latest">'
            f'{teasers(p, "آخر الأخبار", "latest-item", 8)}</div><div class="bottom">{footer(p)}'
            '</div></div>')
    return doc(p, p.head(m, url), body), url


@template("iq_portal", "الميدان الإخباري", "Asia/Baghdad", ("levant", "eastern", "levant_dual"),
          "Iraqi portal: section title bar, Eastern Arabic digits, most-read with counts")
def iq_portal(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/view.php?cat={p.rng.randint(1, 30)}&id={a.ident}"
    m = p.machine()
    p.lead_dateline()
    date, by = meta_top(p, p.dateline(), p.byline(), "p")
    text = paragraphs(p, "span", (figure(p, "p_after"), read_also(p, "p_strong")))
    body = (f'<div id="container"><div id="top">{escape(p.spec.site)}</div><div id="menu"><ul>'
            f'{nav(p)}</ul></div><div id="content">'
            f'<div class="section-title">{escape(a.section[1])}'
            f'</div><div class="news-details"><h1 class="news-head">{escape(p.title)}</h1>'
            f'<div class="news-date">{date}</div><div class="news-writer">{by}</div>'
            f'<div class="news-text">{text}{credit(p)}</div><div class="news-share">{share(p)}'
            '</div>'
            f'</div><div class="news-comments">{comments(p)}</div></div><div id="left">'
            f'{teasers(p, "الأكثر قراءة", "top-read", 6)}</div><div id="bottom">{footer(p)}</div>'
            '</div>')
    return doc(p, p.head(m, url, jsonld=p.rng.random() < 0.4), body), url


@template("ps_news", "الضفة اليوم", "Asia/Hebron", ("levant_dual", "levant", "weekday_time12"),
          "Palestinian news site: both month names, hero image above the headline")
def ps_news(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/post/{a.ident}/{a.slug}"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    text = paragraphs(p, "p",
                      (read_also(p, "aside"), figure(p, "figcaption"),
                       maybe(p, 0.5, lambda: follow_prompt(p))))
    body = (f'<div class="layout"><header class="top">{escape(p.spec.site)}<ul>{nav(p)}</ul>'
            f'</header>'
            f'<div class="hero">{figure(p, "div")}</div><div class="post-wrap">{breadcrumb(p, "»")}'
            f'<h1 class="post-h">{escape(p.title)}</h1><ul class="post-info"><li>{by}</li>'
            f'<li>{date}</li><li>{p.updated()}</li></ul><div class="post-text">{text}</div>'
            f'{tags(p, "post-tags")}{share(p, "share-icons")}</div><div class="also">'
            f'{teasers(p, "أخبار ذات صلة", "also-item", 4, True)}</div><footer>{footer(p)}'
            '</footer></div>')
    return doc(p, p.head(m, url), body), url


@template("blogger", "ليبيا اليوم", "Africa/Tripoli", ("weekday", "plain", "latin"),
          "Blogger-like (post-outer, post-body entry-content, abbr.published, post-labels)")
def blogger(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/{a.published:%Y/%m}/{a.slug}.html"
    m = p.machine()
    date, by = p.dateline(with_label=False), p.byline()
    text = paragraphs(p, "br", (figure(p, "span"),))
    body = (f'<div class="outer-wrapper"><div class="header-outer">'
            f'<h1 class="title">{escape(p.spec.site)}'
            f'</h1></div><div class="main-outer"><div class="date-outer"><h2 class="date-header">'
            f'<span>{date}</span></h2><div class="post-outer"><div class="post hentry">'
            f'<h3 class="post-title entry-title">{escape(p.title)}</h3><div class="post-header">'
            '</div>'
            f'<div class="post-body entry-content">{text}</div><div class="post-footer">'
            f'<span class="post-author vcard">{by}</span>'
            f'<span class="post-labels">{tags(p, "labels")}'
            f'</span>{share(p, "post-share-buttons")}</div></div>{comments(p, "comments")}</div>'
            '</div>'
            f'</div><div class="sidebar">{teasers(p, "المشاركات الشائعة", "PopularPosts", 5, True)}'
            f'</div><div class="footer-outer">{footer(p)}</div></div>')
    p.hazard("logo-h1", p.spec.site)
    p.hazard("headline-in-h3", p.title)
    return doc(p, p.head(m, url, jsonld=False), body), url


@template("photo_story", "خبر 24 الآن", "Asia/Muscat", ("plain", "weekday_time12", "hijri"),
          "photo story: a figure with caption after most paragraphs")
def photo_story(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/photos/{a.ident}"
    m = p.machine()
    date, by = meta_top(p, p.dateline(), p.byline(), "p")
    figs = tuple(figure(p) for _ in range(max(2, len(a.paragraphs) - 1)))
    text = paragraphs(p, "p", figs)
    body = (f'<div class="site"><div class="brandbar">{escape(p.spec.site)}<ul>{nav(p)}</ul></div>'
            f'<div class="gallery-article"><h1>{escape(p.title)}</h1><div class="g-meta">{by} '
            f'<span>{date}</span></div><div class="g-body">{text}</div>{share(p)}</div>'
            f'<div class="g-more">{teasers(p, "ألبومات أخرى", "album", 4)}</div>{footer(p)}</div>')
    return doc(p, p.head(m, url), body), url


@template("interview", "المرصد", "Asia/Bahrain", ("weekday", "plain", "numeric_time"),
          "interview: bold questions and answers split by <br> in one paragraph")
def interview(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/interviews/{a.ident}-{a.slug}"
    m = p.machine()
    date, by = p.dateline(), p.byline()
    questions = [f"{h}؟" for h in rng.sample(PAGEGEN_HEADLINES, len(a.paragraphs) - 1)]
    intro = a.paragraphs[0]
    qa = "".join(f"<p><strong>{escape(q)}</strong><br>{escape(ans)}</p>"
                 for q, ans in zip(questions, a.paragraphs[1:], strict=True))
    a.paragraphs = [intro] + [x for pair in zip(questions, a.paragraphs[1:], strict=True)
                              for x in pair]
    body = (f'<div class="wrap"><div class="masthead">{escape(p.spec.site)}<ul>{nav(p)}</ul></div>'
            f'<div class="interview"><div class="label">{kicker(p)}</div><h1>{escape(p.title)}</h1>'
            f'<div class="meta">{by} | {date}</div>{figure(p, "figcaption")}<div class="iv-body">'
            f'<p>{escape(intro)}</p>{read_also(p, "p_strong")}{qa}</div>{tags(p)}{share(p)}</div>'
            f'<div class="more">{teasers(p, "حوارات أخرى", "iv-more", 4)}</div>{footer(p)}</div>')
    p.hazard("qa-br", "")
    return doc(p, p.head(m, url), body), url

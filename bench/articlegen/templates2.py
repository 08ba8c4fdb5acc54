"""Page templates II: custom CMSs of Egyptian portals, Gulf and Saudi papers, Maghrebi sites,
an old table layout in windows-1256, class-less div soup and a JavaScript-framework page."""

from __future__ import annotations

import json
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


@template("eg_portal", "بوابة الضحى", "Africa/Cairo",
          ("weekday_time12", "numeric_time", "relative", "eastern"),
          "Egyptian portal: div.article-body with <br>-separated paragraphs, news-details")
def eg_portal(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/News/{a.section[0].title()}/{a.published:%Y/%-m/%-d}/{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date, by = meta_top(p, p.dateline(), p.byline(), "br")
    text = paragraphs(p, "br", (read_also(p, "p_strong"),))
    body = (f'<div class="main-wrapper"><div class="top-bar">{ticker(p)}</div><div class="header">'
            f'<a class="logo-link">{escape(p.spec.site)}</a><ul class="main-nav">{nav(p)}</ul>'
            '</div>'
            f'<div class="news-details"><div class="bread">{breadcrumb(p, ">")}</div>'
            f'<h3 class="upper-title">{kicker(p)}</h3><h1>{escape(p.title)}</h1>'
            f'<div class="writer-time"><div class="writer">{by}</div><div class="time">{date}</div>'
            f'</div><div class="img-cont">{figure(p, "div")}</div>'
            f'<div class="article-body" id="articleBody">{text}</div>'
            f'<div class="tags-cont">{tags(p)}</div><div class="share-bar">{share(p)}</div>'
            f'<div class="comments-box"><a>اضف تعليقا واقرأ تعليقات القراء</a></div></div>'
            f'<div class="left-side">{teasers(p, "الأكثر قراءة", "most-read", 6)}'
            f'{teasers(p, "أخبار متعلقة", "related-news", 4, True)}</div>'
            f'<div class="footer">{footer(p)}</div></div>')
    p.hazard("br-paragraphs", "")
    return doc(p, p.head(m, url), body), url


@template("eg_details", "الرائد اليوم", "Africa/Cairo",
          ("weekday_time12", "plain", "numeric_time", "eastern"),
          "Egyptian paper: byline and date line as the first paragraphs inside the body box")
def eg_details(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/Article/{a.ident}/{a.slug}"
    m = p.machine()
    date, by = p.dateline(), p.byline()
    top = (f'<p class="auth"><strong>{by}</strong></p>' if by else "") + f"<p>{date}</p>"
    p.hazard("dateline-inside-body-box", "")
    text = paragraphs(p, "p",
                      (figure(p, "p_after"), read_also(p, "list"),
                       maybe(p, 0.5, lambda: follow_prompt(p))))
    body = (f'<div id="wrapper"><div id="header">{escape(p.spec.site)}<ul>{nav(p)}</ul></div>'
            f'<div class="ArticleDetails"><div class="section-name">{breadcrumb(p, "/")}</div>'
            f'<h1 class="ArticleTitle">{escape(p.title)}</h1><div class="details-img">'
            f'{figure(p, "figcaption")}</div><div class="details-text">{top}{text}'
            f'{credit(p)}</div><div class="ArticleTags">{tags(p, "tag-list")}</div>'
            f'{share(p, "social")}</div>{comments(p, "ArticleComments")}'
            f'<div class="sideBar">{teasers(p, "اخترنا لك", "chosen", 4, True)}</div>'
            f'<div id="footer">{footer(p)}</div></div>')
    return doc(p, p.head(m, url, jsonld=p.rng.random() < 0.6), body), url


@template("gulf_paper", "الحدث نت", "Asia/Qatar", ("hijri", "weekday_time12", "latin", "plain"),
          "Gulf daily: article__header / article__content (BEM), Hijri beside Gregorian")
def gulf_paper(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/{a.section[0]}/{a.published:%Y-%m-%d}-{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(with_label=False), p.byline()
    text = paragraphs(p, "p", (read_also(p, "aside"), maybe(p, 0.5, lambda: embed(p))))
    body = (f'<header class="masthead"><div class="masthead__logo">{escape(p.spec.site)}</div>'
            f'<nav class="masthead__nav"><ul>{nav(p)}</ul></nav></header><main class="page">'
            f'<article class="article"><header class="article__header">'
            f'<a class="article__section">{escape(a.section[1])}</a>'
            f'<h1 class="article__title">{escape(p.title)}</h1>'
            f'<div class="article__meta"><span class="article__author">{by}</span>'
            f'<span class="article-header__date">{date}</span>'
            f'<span class="article__updated">{p.updated()}</span></div></header>'
            f'<div class="article__media">{figure(p, "figcaption")}</div>'
            f'<div class="article__content">{text}</div><div class="article__footer">'
            f'{tags(p, "article__tags")}{share(p, "article__share")}</div></article>'
            f'<section class="more-stories">'
            f'{teasers(p, "المزيد من الأخبار", "story-card", 6, True)}'
            f'</section></main><footer class="site-footer">{footer(p)}</footer>')
    return doc(p, p.head(m, url), body), url


@template("sa_paper", "منبر الشرق", "Asia/Riyadh", ("hijri", "weekday", "iso_like"),
          "Saudi paper: agency dateline leads, Hijri date, div-paragraphs")
def sa_paper(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/article/{a.ident}"
    m = p.machine()
    if a.agency is None:
        from bench.articlegen.words import AGENCIES
        a.agency = AGENCIES[3]
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    text = paragraphs(p, "div", (figure(p, "div"), read_also(p, "list")))
    body = (f'<div class="site"><div class="top-header"><span class="today">{date}</span>'
            f'<div class="brand">{escape(p.spec.site)}</div></div><ul class="menu">{nav(p)}</ul>'
            f'<div class="content-area"><div class="article-page"><div class="art-section">'
            f'{breadcrumb(p, "-")}</div><div class="art-title"><h1>{escape(p.title)}</h1></div>'
            f'<div class="art-info"><span class="art-writer">{by}</span></div>'
            f'<div class="art-text">{text}</div><div class="art-tools">{share(p, "tools")}</div>'
            f'{tags(p, "art-tags")}</div>'
            f'<div class="col-side">{teasers(p, "الأكثر قراءة", "popular", 5)}'
            f'</div></div><div class="site-foot">{footer(p)}</div></div>')
    p.hazard("dateline-in-top-bar", "")
    return doc(p, p.head(m, url), body), url


@template("ma_portal", "فجر المغرب", "Africa/Casablanca", ("morocco", "relative", "french"),
          "Moroccan portal: Moroccan month names, French dates, post-content with links")
def ma_portal(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/{a.section[0]}/{a.ident}.html"
    m = p.machine()
    p.lead_dateline()
    date, by = meta_top(p, p.dateline(), p.byline(), "p")
    text = paragraphs(p, "links", (figure(p, "figcaption"), read_also(p), follow_prompt(p)))
    body = (f'<div class="site-wrap"><div class="header-top">{escape(p.spec.site)}</div>'
            f'<ul class="nav-main">{nav(p)}</ul><section class="single"><div class="post-head">'
            f'<div class="post-cat"><a>{escape(a.section[1])}</a></div>'
            f'<h1 class="post-title">{escape(p.title)}</h1><div class="post-meta">'
            f'<span class="post-author">{by}</span><span class="post-date">{date}</span></div>'
            '</div>'
            f'<div class="post-content">{text}</div><div class="post-share">{share(p)}</div>'
            f'<div class="post-tags">{tags(p)}</div><div class="post-related">'
            f'{teasers(p, "مواضيع ذات صلة", "related-item", 4)}</div>{comments(p, "post-comments")}'
            f'</section><aside>{teasers(p, "الأكثر تعليقا", "most-commented", 5)}</aside>'
            f'<footer>{footer(p)}</footer></div>')
    return doc(p, p.head(m, url), body), url


@template("dz_daily", "الخبر الجزائري اليوم", "Africa/Algiers",
          ("algeria", "french", "numeric_time"),
          "Algerian daily: Algerian month names, intro standfirst in bold, sections in French URLs")
def dz_daily(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/ar/actualite/{a.slug}-{a.ident}"
    m = p.machine()
    date, by = meta_top(p, p.dateline(), p.byline(), "p")
    lead, rest = a.paragraphs[0], a.paragraphs[1:]
    a.paragraphs = rest
    text = paragraphs(p, "p", (read_also(p, "p_strong"), figure(p, "span")))
    a.paragraphs = [lead] + rest
    body = (f'<div id="wrap"><div class="logo-zone">{escape(p.spec.site)}</div>'
            f'<ul class="rubriques">'
            f'{nav(p)}</ul><div class="article-full"><div class="rubrique">{escape(a.section[1])}'
            '</div>'
            f'<h1 class="titre">{escape(p.title)}</h1><div class="infos"><span class="auteur">{by}'
            f'</span> | <span class="jour">{date}</span></div><div class="photo">'
            f'{figure(p, "div")}</div><div class="chapeau"><strong>{escape(lead)}</strong></div>'
            f'<div class="texte">{text}</div>{tags(p, "mots-cles")}{share(p, "partage")}</div>'
            f'<div class="a-lire">{teasers(p, "اقرأ أيضا", "a-lire-item", 3)}</div>'
            f'{comments(p, "reactions")}<div id="pied">{footer(p)}</div></div>')
    p.hazard("standfirst-in-bold", "")
    return doc(p, p.head(m, url, jsonld=p.rng.random() < 0.5), body), url


@template("table_old", "أنباء اليوم", "Asia/Aden", ("plain", "numeric_time", "time24_first"),
          "old table layout in windows-1256 with font tags and no machine date", "windows-1256")
def table_old(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"http://{p.spec.host}/news.php?action=view&id={a.ident}"
    m = p.machine("none")
    date, by = p.dateline(), p.byline()
    text = paragraphs(p, "br", (figure(p, "p_after"),))
    side = teasers(p, "آخر الأخبار", "lastnews", 6)
    body = (f'<table width="100%" border="0" cellpadding="0" cellspacing="0"><tr><td colspan="2" '
            f'class="header"><font size="6">{escape(p.spec.site)}</font></td></tr><tr><td>'
            f'<table><tr>{nav(p).replace("<li>", "<td>").replace("</li>", "</td>")}'
            f'</tr></table></td></tr><tr><td width="70%" valign="top"><table width="100%">'
            f'<tr><td class="date"><font color="#999999" size="2">{date}</font></td></tr>'
            f'<tr><td class="title"><font size="5"><b>{escape(p.title)}</b></font></td></tr>'
            f'<tr><td class="writer"><font color="red">{by}</font></td></tr>'
            f'<tr><td class="text"><font size="3">{text}</font></td></tr>'
            f'<tr><td>{share(p, "sharebox")}</td></tr></table></td>'
            f'<td width="30%" valign="top">{side}</td></tr><tr><td colspan="2">{footer(p)}</td>'
            f"</tr></table>")
    html = doc(p, p.head(m, url, jsonld=False, og=False), body)
    p.hazard("charset-windows-1256", "")
    return html, url


@template("div_soup", "الشام برس", "Asia/Baghdad", ("levant", "levant_dual", "eastern"),
          "class-less div soup with generated class names, Levantine month names")
def div_soup(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    c = [f"_{rng.getrandbits(24):06x}" for _ in range(8)]
    text = "".join(f'<div class="{c[0]}">{escape(t)}</div>' for t in a.paragraphs[:2])
    text += read_also(p, "aside") + "".join(f'<div class="{c[0]}">{escape(t)}</div>'
                                            for t in a.paragraphs[2:])
    body = (f'<div class="{c[1]}"><div class="{c[2]}">{escape(p.spec.site)}</div>'
            f'<div class="{c[3]}">{nav(p).replace("li>", "span>")}</div></div>'
            f'<div class="{c[4]}"><div><div class="{c[5]}">{escape(a.section[1])}</div>'
            f'<div class="{c[6]}" role="heading" aria-level="1">{escape(p.title)}</div>'
            f"<div><div>{by}</div><div>{date}</div></div><div>{figure(p, 'div')}</div>"
            f'<div class="{c[7]}">{text}</div><div>{share(p, c[2])}</div></div>'
            f"<div>{teasers(p, 'الأكثر قراءة', c[5] + 'x', 5)}</div></div><div>{footer(p)}</div>")
    p.hazard("no-h1", p.title)
    return doc(p, p.head(m, url), body), url


@template("next_app", "الخليج الرقمي", "Asia/Dubai", ("latin", "weekday_time12", "relative"),
          "JavaScript-framework page: __NEXT_DATA__ JSON, css-module classes, body also in the DOM")
def next_app(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/{a.section[0]}/{a.slug}-{a.ident}"
    m = p.machine()
    date, by = p.dateline(), p.byline()
    h = f"{rng.getrandbits(16):04x}"
    text = paragraphs(p, "p", (figure(p, "figcaption"), read_also(p, "list")))
    data = {"props": {"pageProps": {"article": {"title": p.title, "section": a.section[1],
                                                "published": m.get("published")}}}}
    body = (f'<div id="__next"><header class="Header_root__{h}"><a class="Header_logo__{h}">'
            f'{escape(p.spec.site)}</a><ul class="Nav_list__{h}">{nav(p)}</ul></header>'
            f'<main class="Layout_main__{h}"><article class="Article_root__{h}">'
            f'<div class="Article_kicker__{h}">{kicker(p)}</div><h1 class="Article_title__{h}">'
            f'{escape(p.title)}</h1><div class="Byline_root__{h}"><span>{by}</span>'
            f'<time class="Byline_time__{h}">{date}</time></div>'
            f'<div class="ArticleBody_root__{h}">{text}</div>'
            f'<ul class="Tags_list__{h}">{tags(p, "Tags_tag__" + h)}</ul>'
            f'<div class="Share_bar__{h}">{share(p, "Share_btn__" + h)}</div></article>'
            f'<section class="Related_root__{h}">'
            f'{teasers(p, "اقرأ المزيد", "Card_root__" + h, 4, True)}'
            f'</section></main><footer class="Footer_root__{h}">{footer(p)}</footer></div>'
            f'<script id="__NEXT_DATA__" type="application/json">'
            f"{json.dumps(data, ensure_ascii=False)}</script>")
    return doc(p, p.head(m, url), body), url


@template("joomla_classic", "الضفة نيوز", "Africa/Tunis", ("algeria", "plain", "french", "weekday"),
          "Joomla com_content (item-page, dl.article-info, articleBody)")
def joomla_classic(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/{a.section[0]}/{a.ident}-{a.slug}.html"
    m = p.machine()
    date, by = meta_top(p, p.dateline(), p.byline(), "p")
    body = paragraphs(p, "p", (read_also(p, "p_strong"), figure(p, "figcaption")))
    info = (f'<dl class="article-info muted"><dt class="article-info-term">التفاصيل</dt>'
            f'<dd class="createdby" itemprop="author">{by}</dd><dd class="category-name">'
            f'<a>{escape(a.section[1])}</a></dd><dd class="published"><span class="icon-calendar">'
            f'</span>{date}</dd><dd class="hits">قراءات: {p.rng.randint(10, 9000)}</dd></dl>')
    body = (f'<div class="container"><header class="header"><a class="brand">{escape(p.spec.site)}'
            f'</a><nav class="navigation"><ul class="nav menu">{nav(p)}</ul></nav></header>'
            f'<div class="moduletable">{breadcrumb(p, "»")}</div><main id="content" role="main">'
            f'<div class="item-page" itemscope itemtype="https://schema.org/Article">'
            f'<div class="page-header"><h2 itemprop="headline">{escape(p.title)}</h2></div>{info}'
            f'<div itemprop="articleBody">{body}{credit(p)}</div>'
            f'{tags(p, "tags inline")}<ul class="pager pagenav"><li class="previous">'
            f'{teasers(p, "السابق", "pagenav-prev", 1)}</li></ul></div></main>'
            f'<div id="aside">{teasers(p, "أخبار ذات صلة", "relateditems", 4)}</div>'
            f'<footer class="footer">{footer(p)}</footer></div>')
    p.hazard("headline-in-h2", p.title)
    return doc(p, p.head(m, url, jsonld=False), body), url

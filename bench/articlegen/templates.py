"""Page templates I: WordPress news themes, Drupal and Joomla layouts (markup written for this
generator after the structure those systems give an article page)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bench.articlegen.blocks import (
    breadcrumb,
    comments,
    embed,
    figure,
    follow_prompt,
    footer,
    meta_top,
    nav,
    paragraphs,
    read_also,
    share,
    tags,
    teasers,
)
from bench.articlegen.parts import Page, template


def doc(p: Page, head: str, body: str, html_attrs: str = 'lang="ar" dir="rtl"') -> str:
    return f"<!DOCTYPE html><html {html_attrs}><head>{head}</head><body>{body}</body></html>"


def maybe(p: Page, chance: float, make: Callable[[], str]) -> str:
    """`make()` on a share `chance` of pages (called only then: its hazards are the page's)."""
    return make() if p.rng.random() < chance else ""


def credit(p: Page, tag: str = "p") -> str:
    """The standalone agency credit line in its own element, where the article has one."""
    line = p.agency_line()
    return f"<{tag}>{line}</{tag}>" if line else ""


@template("wp_tie", "بوابة الوادي", "Africa/Cairo",
          ("weekday_time12", "plain", "relative", "eastern", "numeric_time"),
          "WordPress, Jannah-like theme (tie-*, entry-header, post-meta)")
def wp_tie(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/{a.published:%Y/%m/%d}/{a.slug}/"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    body = paragraphs(p, "p", (read_also(p), maybe(p, 0.5, lambda: follow_prompt(p))))
    article = (
        f'<article id="the-post" class="container-wrapper post-content tie-standard">'
        f'<header class="entry-header-outer">{breadcrumb(p, "/")}<div class="entry-header">'
        f'<span class="post-cat-wrap"><a class="post-cat tie-cat-3">{escape(a.section[1])}</a>'
        f'</span><h1 class="post-title entry-title">{escape(p.title)}</h1>'
        f'<div class="single-post-meta post-meta clearfix"><span class="author-meta">'
        f'<span class="meta-author"><a class="author-name tie-icon">{by}</a></span></span>'
        f'<span class="date meta-item tie-icon">{date}</span>'
        f'<span class="meta-item last-updated">{p.updated()}</span></div></div></header>'
        f'<div class="featured-area">{figure(p, "figcaption")}</div>'
        f'<div class="entry-content entry clearfix">{body}</div>'
        f'<div class="post-bottom-meta post-bottom-tags">{tags(p, "tagcloud")}</div>'
        f'<div id="share-buttons-bottom" class="share-buttons">{share(p, "share-links")}</div>'
        f"</article>")
    side = teasers(p, "الأكثر قراءة", "tie-widget", 5)
    related = teasers(p, "مقالات ذات صلة", "related-posts-list", 4)
    body = (f'<div id="tie-wrapper"><header id="theme-header"><div class="logo">'
            f'<a href="/">{escape(p.spec.site)}</a></div><nav><ul>{nav(p)}</ul></nav></header>'
            f'<div id="content" class="site-content container">'
            '<div class="tie-row main-content-row">'
            f'<div class="main-content tie-col-md-8">{article}{related}'
            f'{comments(p, "comments-area")}'
            f'</div><aside class="sidebar tie-col-md-4">{side}</aside></div></div>'
            f'<footer id="footer">{footer(p)}</footer></div>')
    return doc(p, p.head(m, url), body), url


@template("wp_jeg", "صدى المدينة", "Asia/Riyadh",
          ("hijri", "weekday", "plain", "weekday_time12", "relative"),
          "WordPress, JNews-like theme (jeg_*)")
def wp_jeg(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/{a.section[0]}/{a.slug}/"
    m = p.machine()
    date, by = p.dateline(), p.byline()
    body = paragraphs(p, "links", (figure(p), read_also(p, "list")))
    inner = (f'<div class="jeg_inner_content"><div class="jeg_breadcrumbs">{breadcrumb(p, "›")}'
             f'</div><h1 class="jeg_post_title">{escape(p.title)}</h1>'
             f'<div class="jeg_meta_container"><div class="jeg_post_meta jeg_post_meta_1">'
             f'<div class="jeg_meta_author">{by}</div><div class="jeg_meta_date">'
             f'<a href="{url}">{date}</a></div></div></div>'
             f'<div class="jeg_share_top_container">{share(p, "jeg_share_button")}</div>'
             f'<div class="jeg_featured featured_image">{figure(p, "div")}</div>'
             f'<div class="entry-content no-share"><div class="content-inner">{body}'
             f'{credit(p, "em")}</div></div>'
             f'<div class="jeg_post_tags">{tags(p, "jeg_tags")}</div></div>')
    body = (f'<div class="jeg_viewport"><div class="jeg_header_wrapper"><div class="jeg_logo">'
            f'{escape(p.spec.site)}</div><ul class="jeg_menu">{nav(p)}</ul></div>'
            f'<div class="jeg_main"><div class="jeg_container"><div class="jeg_content">'
            f'<div class="jeg_vc_content">{inner}'
            f'{teasers(p, "مقالات ذات صلة", "jnews_related_post_container", 6, True)}'
            f'</div></div>'
            f'<div class="jeg_sidebar">{teasers(p, "الأكثر مشاهدة", "jeg_block_heading", 5)}'
            f'</div></div></div><div class="jeg_footer">{footer(p)}</div></div>')
    return doc(p, p.head(m, url), body), url


@template("wp_td", "النهار الأخضر", "Asia/Beirut",
          ("levant", "levant_dual", "weekday", "relative", "latin_short"),
          "WordPress, Newspaper-like theme (td-*)")
def wp_td(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/{a.published:%Y/%m}/{a.slug}-{a.ident}"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    time_tag = (f'<time class="entry-date updated td-module-date" datetime="{m["published"]}">'
                f"{date}</time>" if "published" in m and p.rng.random() < 0.7 else
                f'<span class="td-post-date">{date}</span>')
    body = paragraphs(p, "p",
                      (figure(p, "div"), read_also(p, "blockquote"),
                       maybe(p, 0.4, lambda: embed(p))))
    article = (f'<article class="td-post-template-default"><div class="td-post-header">'
               f'<ul class="td-category"><li class="entry-category"><a>{escape(a.section[1])}</a>'
               f'</li></ul><header class="td-post-title"><h1 class="entry-title">{escape(p.title)}'
               f'</h1><div class="td-module-meta-info"><div class="td-post-author-name">'
               f"<span>{by}</span></div><span class=\"td-post-date\">{time_tag}</span>"
               f'<div class="td-post-views"><span>1.2k</span></div></div></header></div>'
               f'<div class="td-post-sharing-top">{share(p, "td-social-sharing-button")}</div>'
               f'<div class="td-post-content tagdiv-type">{body}</div>'
               f'<footer><div class="td-post-source-tags">{tags(p, "td-tags")}</div>'
               f'<div class="td-author-name">{by}</div></footer></article>')
    body = (f'<div class="td-theme-wrap"><div class="td-header-wrap">'
            f'<div class="td-header-sp-logo">'
            f'<h1 class="td-logo"><a href="/">{escape(p.spec.site)}</a></h1></div>'
            f'<ul class="sf-menu">{nav(p)}</ul></div><div class="td-main-content-wrap">'
            f'<div class="td-container"><div class="td-pb-row">'
            '<div class="td-pb-span8 td-main-content">'
            f'{article}{teasers(p, "قد يعجبك أيضاً", "td_block_related_posts", 3)}</div>'
            f'<div class="td-pb-span4 td-main-sidebar">'
            f'{teasers(p, "الأكثر قراءة", "td_block_wrap", 5, True)}'
            f'</div></div></div></div><div class="td-footer-wrapper">{footer(p)}</div></div>')
    p.hazard("logo-h1", p.spec.site)
    return doc(p, p.head(m, url), body), url


@template("wp_classic", "أخبار الساحل", "Asia/Amman",
          ("plain", "weekday_time12", "levant_dual", "numeric_time"),
          "WordPress, default-like theme (entry-header, entry-content, posted-on)")
def wp_classic(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/?p={a.ident}"
    m = p.machine()
    date, by = meta_top(p, p.dateline(with_label=False), p.byline(), "p")
    stamp = f' datetime="{m["published"]}"' if "published" in m else ""
    body = paragraphs(p, p.rng.choice(["p", "span"]),
                      (figure(p, "figcaption"), read_also(p, "p_strong")))
    posted = (f'<span class="posted-on">نشر في <a href="{url}" rel="bookmark">'
              f'<time class="entry-date published"{stamp}>'
              f'{date}</time></a></span><span class="byline"> <span class="author vcard">{by}'
              '</span></span>')
    body = (f'<div id="page" class="site"><header id="masthead" class="site-header">'
            f'<p class="site-title">'
            f'{escape(p.spec.site)}</p><nav id="site-navigation"><ul>{nav(p)}</ul></nav></header>'
            f'<div id="content" class="site-content"><main id="main" class="site-main">'
            f'<article class="post type-post status-publish format-standard hentry">'
            f'<header class="entry-header"><h1 class="entry-title">{escape(p.title)}</h1>'
            f'<div class="entry-meta">{posted}</div></header><div class="entry-content">{body}'
            f'{maybe(p, 0.6, lambda: share(p, "sharedaddy"))}</div><footer class="entry-footer">'
            f'<span class="cat-links">{escape(a.section[1])}</span>{tags(p, "tags-links")}</footer>'
            f'</article><nav class="post-navigation">{teasers(p, "تصفح المقالات", "nav-links", 2)}'
            '</nav>'
            f'{comments(p, "comments-area")}</main><aside id="secondary" class="widget-area">'
            f'{teasers(p, "أحدث المقالات", "widget_recent_entries", 5)}</aside></div>'
            f'<footer id="colophon">{footer(p)}</footer></div>')
    return doc(p, p.head(m, url, jsonld=p.rng.random() < 0.5), body), url


@template("wp_penci", "المغرب الآن", "Africa/Casablanca",
          ("morocco", "plain", "french", "relative"),
          "WordPress, magazine theme with penci-* classes, Moroccan month names")
def wp_penci(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/{a.ident}.html"
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    body = paragraphs(p, "p", (read_also(p), figure(p, "p_after"), follow_prompt(p)))
    body = (f'<div class="wrapper-boxed"><div class="penci-header"><div class="penci-logo">'
            f'{escape(p.spec.site)}</div><ul class="penci-menu">{nav(p)}</ul></div>'
            f'<div class="container penci-single-wrapper"><div class="penci-single-block">'
            f'<div class="penci-standard-cat"><span class="cat">{escape(a.section[1])}</span></div>'
            f'<h1 class="post-title single-post-title">{escape(p.title)}</h1>'
            f'<div class="post-box-meta-single"><span class="author-post byline">{by}</span>'
            f'<span class="penci-posted-on">{date}</span></div>'
            f'<div class="post-image">{figure(p, "span")}</div>'
            f'<div class="post-entry blockquote-style-1">'
            '<div class="inner-post-entry entry-content">'
            f'{body}</div></div><div class="tags-share-box">{tags(p, "post-tags")}'
            f'{share(p, "penci-social-share")}'
            f'</div>{teasers(p, "مقالات مشابهة", "post-related", 4)}'
            f'{comments(p, "post-comments")}</div><div class="penci-sidebar">'
            f'{teasers(p, "الأكثر تداولا", "penci-popular", 5)}</div></div>'
            f'<footer class="penci-footer">{footer(p)}</footer></div>')
    return doc(p, p.head(m, url), body), url


@template("drupal_modern", "نبض الخليج", "Asia/Dubai",
          ("weekday_time12", "latin", "plain", "hijri"),
          "Drupal 8+ (node__content, field--name-body, field--name-field-*)")
def drupal_modern(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/ar/node/{a.ident}"
    m = p.machine()
    date, by = p.dateline(), p.byline()
    body = paragraphs(p, "p", (figure(p, "div"), read_also(p, "list")))
    node = (f'<article role="article" class="node node--type-article node--view-mode-full">'
            f'<h1 class="page-title"><span class="field field--name-title">{escape(p.title)}'
            '</span></h1>'
            f'<div class="node__meta"><span class="field field--name-field-author">{by}</span>'
            f'<div class="field field--name-created">{date}</div></div>'
            f'<div class="node__content clearfix"><div class="field field--name-field-image">'
            f'{figure(p, "figcaption")}</div><div class="clearfix text-formatted field '
            f'field--name-body field--type-text-with-summary field--label-hidden field__item">'
            f'{body}</div>'
            f'<div class="field field--name-field-tags field__items">{tags(p, "field__item")}'
            f'</div></div></article>')
    body = (f'<div class="dialog-off-canvas-main-canvas"><div class="layout-container">'
            f'<header role="banner"><div class="region region-header"><a class="site-logo">'
            f'{escape(p.spec.site)}</a></div><div class="region-primary-menu"><ul class="menu">'
            f'{nav(p)}</ul></div></header>'
            f'<div class="region region-breadcrumb">{breadcrumb(p, "/")}'
            f'</div><main role="main"><div class="layout-content">'
            '<div class="region region-content">'
            f'{node}{share(p, "block-addtoany")}</div></div><aside class="layout-sidebar-second">'
            f'{teasers(p, "الأكثر قراءة", "views-element-container", 5)}</aside></main>'
            f'<footer role="contentinfo">{footer(p)}</footer></div></div>')
    return doc(p, p.head(m, url), body), url


@template("drupal7", "جريدة الأفق", "Asia/Kuwait", ("plain", "numeric_time", "weekday"),
          "Drupal 7 (field-name-body, field-items, even)")
def drupal7(p: Page) -> tuple[str, str]:
    a = p.a
    url = f"https://{p.spec.host}/content/{a.slug}"
    m = p.machine()
    p.lead_dateline()
    date, by = meta_top(p, p.dateline(), p.byline(), "p")
    body = paragraphs(p, "p", (read_also(p, "p_strong"),))
    node = (f'<div id="node-{a.ident}" class="node node-article node-promoted clearfix">'
            f'<div class="submitted"><span class="username">{by}</span> '
            '<span class="date-display-single">'
            f'{date}</span></div><div class="content"><div class="field field-name-field-image">'
            f'{figure(p, "div")}</div>'
            '<div class="field field-name-body field-type-text-with-summary '
            f'field-label-hidden"><div class="field-items">'
            '<div class="field-item even" property="content:encoded">'
            f'{body}</div></div></div>'
            f'<div class="field field-name-field-tags">{tags(p, "field-items")}'
            f'</div></div><ul class="links inline"><li class="comment-add">أضف تعليقا</li></ul>'
            '</div>')
    body = (f'<div id="page-wrapper"><div id="page"><div id="header"><div id="logo-title">'
            f'<div id="site-name"><strong>{escape(p.spec.site)}</strong></div></div>'
            f'<div id="navigation"><ul class="menu">{nav(p)}</ul></div></div>'
            '<div id="main-wrapper">'
            f'<div id="main" class="clearfix"><div id="content" class="column">'
            '<div class="section">'
            f'<div class="breadcrumb">{breadcrumb(p, "›")}</div><h1 class="title" id="page-title">'
            f'{escape(p.title)}</h1><div class="region region-content">{node}</div>'
            f'{comments(p, "comment-wrapper")}</div></div>'
            '<div id="sidebar-second" class="column sidebar">'
            f'{teasers(p, "آخر الأخبار", "block-views", 6)}</div></div></div>'
            f'<div id="footer">{footer(p)}</div></div></div>')
    return doc(p, p.head(m, url, jsonld=False), body), url


@template("joomla_k2", "الشروق الجديد", "Africa/Algiers", ("algeria", "plain", "numeric_time"),
          "Joomla with K2 (itemView, itemHeader, itemFullText), Algerian month names")
def joomla_k2(p: Page) -> tuple[str, str]:
    a = p.a
    url = (f"https://{p.spec.host}/index.php?option=com_k2&view=item&id={a.ident}:"
           f"{a.slug}&Itemid={p.rng.randint(100, 999)}")
    m = p.machine()
    p.lead_dateline()
    date, by = p.dateline(), p.byline()
    body = paragraphs(p, p.rng.choice(["p", "div"]), (figure(p, "p_after"), read_also(p, "list")))
    item = (f'<div id="k2Container" class="itemView"><div class="itemHeader">'
            f'<span class="itemDateCreated">{date}</span><h2 class="itemTitle">{escape(p.title)}'
            '</h2>'
            f'<span class="itemAuthor">{by}</span></div><div class="itemToolbar">'
            f'{share(p, "itemSocialSharing")}</div><div class="itemBody">'
            '<div class="itemImageBlock">'
            f'{figure(p, "span")}</div><div class="itemIntroText"></div>'
            f'<div class="itemFullText">{body}</div>'
            f'<div class="itemDateModified">{p.updated()}</div></div>'
            f'<div class="itemLinks"><div class="itemCategory"><span>نشرت في</span> '
            f'<a>{escape(a.section[1])}</a></div><div class="itemTagsBlock">{tags(p, "itemTags")}'
            f'</div></div><div class="itemRelated">{teasers(p, "مواضيع أخرى", "itemRelTitle", 4)}'
            f'</div><div class="itemComments">{comments(p, "itemCommentsList")}</div></div>')
    body = (f'<div class="body-innerwrapper"><header id="sp-header"><div class="logo">'
            f'{escape(p.spec.site)}</div><ul class="sp-megamenu-parent">{nav(p)}</ul></header>'
            f'<section id="sp-main-body"><div class="row"><div id="sp-component" class="col-sm-8">'
            f'{item}</div>'
            f'<div id="sp-right" class="col-sm-4">{teasers(p, "الأكثر قراءة", "moduletable", 5)}'
            f'</div></div></section><footer id="sp-footer">{footer(p)}</footer></div>')
    p.hazard("headline-in-h2", p.title)
    return doc(p, p.head(m, url, jsonld=p.rng.random() < 0.3), body), url

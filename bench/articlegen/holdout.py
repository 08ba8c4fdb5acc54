"""Held-out page templates I (`python -m bench.articlegen OUT --holdout`): layouts no other
template uses, kept out of the set akhbar's rules were tuned on. A Ghost-like blog theme, an
ASP.NET WebForms portal, a Laravel/Vue portal, a Liferay-like portal, a TV channel's video
page and a sports page with a match box. Date lines here use forms of their own (own_dateline).
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from bench.articlegen import dates
from bench.articlegen.blocks import (
    breadcrumb,
    comments,
    figure,
    follow_prompt,
    footer,
    kicker,
    link,
    nav,
    paragraphs,
    read_also,
    share,
    tags,
    teasers,
)
from bench.articlegen.parts import HOLDOUT, Page, template
from bench.articlegen.templates import credit, doc, maybe
from bench.articlegen.words import PAGEGEN_HEADLINES

TEAMS = ["النجم الساحلي الجديد", "اتحاد الوادي", "نادي الشروق", "الأهلي الجبلي", "شباب الميناء",
         "الرمال الذهبية"]
PROGRAMS = ["نشرة الثامنة", "حصاد اليوم", "المسائية", "ملف الأسبوع"]


def own_dateline(p: Page, forms: tuple[str, ...], label: str = "") -> str:
    """A date line in one of `forms` (the held-out forms below), or 'قبل ...' where the page
    was fetched within a day of publication and the template prints relative dates."""
    a, rng = p.a, p.rng
    if ("relative" in p.spec.styles and not p.need_time
            and a.fetched - a.published <= timedelta(days=1)):
        style, timed = "relative", False
        text = dates.relative(a.published, a.fetched).replace("منذ", rng.choice(["قبل", "منذ"]))
    else:
        dt = a.published
        d, m, y, t24 = dt.day, dt.month, dt.year, f"{dt.hour:02d}:{dt.minute:02d}"
        hy, hm, hd = dates.hijri(dt.date())
        wd = dates.WEEKDAYS[dt.weekday()]
        table = {
            "dotted": (f"{y}.{m:02d}.{d:02d} | {t24}", True),
            "hijri_numeric": (f"{hd}/{hm}/{hy}هـ - {d}/{m}/{y}م", False),
            "hijri_first": (f"{hd} {dates.HIJRI[hm - 1]} {hy}هـ | {wd} {d}/{m}/{y}م "
                            f"{dates.clock12(dt, rng)}", True),
            "clock_word": (f"{d} {dates.STANDARD[m - 1]} {y} - الساعة {t24}", True),
            "levant_short": (f"{d} {dates.LEVANT[m - 1]}، {y}", False),
            "maghreb_at": (f"{wd} {d} {dates.MOROCCO[m - 1]} {y} على الساعة {t24}", True),
            "eastern_dash": (dates.eastern(f"{d}-{m}-{y} | {t24}"), True),
            "latin_dayfirst": (f"{wd}، {d} {dates.LATIN[m - 1]} {y}", False),
            "month_year_first": (f"{dates.STANDARD[m - 1]} {d}، {y} {dates.clock12(dt, rng)}",
                                 True),
        }
        names = [f for f in forms if table[f][1]] if p.need_time else list(forms)
        style = rng.choice(names or ["dotted"])
        text, timed = table[style]
    p.time_stated |= timed
    text = label + text
    p.hazard(f"dateline:{style}", text)
    return escape(text)


def source_tail(p: Page) -> str:
    """A closing '(وام)'-style credit after the last paragraph, where the article has one."""
    a = p.a
    if not a.agency or a.byline == "agency" or p.rng.random() < 0.4:
        return ""
    text = p.rng.choice([a.agency[1], f"المصدر: {a.agency[1]}"])
    p.shows_agency(text)
    p.hazard("agency-line-tail", text)
    return f'<p class="src-note">{escape(text)}</p>'


def pull_quote(p: Page) -> str:
    """A sentence of the body repeated in large type (a second copy: not body text)."""
    sentence = p.a.paragraphs[-1].split(". ")[0]
    p.hazard("pull-quote", sentence)
    return f'<blockquote class="kg-pullquote">{escape(sentence)}</blockquote>'


@template("ghost_blog", "مدونة الرصيف", "Asia/Amman", ("relative",), "Ghost/Medium-like theme",
          registry=HOLDOUT, host="rasif.blog.example")
def ghost_blog(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/{a.slug}/"
    m = p.machine()
    date = own_dateline(p, ("levant_short", "latin_dayfirst", "dotted"))
    by = p.byline()
    dek = rng.choice(PAGEGEN_HEADLINES)
    p.hazard("standfirst", dek)
    minutes = f"{rng.randint(2, 9)} دقائق قراءة"
    p.hazard("reading-time", minutes)
    text = paragraphs(p, "p", (pull_quote(p), figure(p, "figcaption")))
    card = (f'<div class="gh-article-author"><img class="author-avatar" src="/a.png" alt="">'
            f'<span class="gh-author-name">{by}</span></div>' if by else "")
    body = (f'<div class="gh-site"><header class="gh-head"><a class="gh-head-logo">'
            f'{escape(p.spec.site)}</a><ul class="gh-head-menu">{nav(p)}</ul></header>'
            f'<main class="gh-main"><article class="gh-article post">'
            f'<header class="gh-article-header gh-canvas"><a class="gh-article-tag">'
            f'{escape(a.section[1])}</a><h1 class="gh-article-title">{escape(p.title)}</h1>'
            f'<p class="gh-article-excerpt">{escape(dek)}</p>{card}'
            f'<div class="gh-article-meta"><time class="byline-date">{date}</time>'
            f'<span class="byline-reading-time">{minutes}</span></div></header>'
            f'<section class="gh-content gh-canvas">{text}</section>'
            f'<section class="gh-subscribe"><h3>اشترك في النشرة</h3><form><input type="email">'
            f'</form></section></article>'
            f'<aside class="gh-read-next">{teasers(p, "اقرأ التالي", "gh-card", 3, True)}'
            f'</aside></main><footer class="gh-foot">{footer(p)}</footer></div>')
    p.hazard("subscribe-box", "اشترك في النشرة")
    return doc(p, p.head(m, url), body), url


@template("aspnet_forms", "بوابة الجزيرة العربية", "Asia/Riyadh", ("plain",),
          "ASP.NET WebForms portal (ctl00_ContentPlaceHolder1_* ids, __VIEWSTATE, table tools)",
          registry=HOLDOUT)
def aspnet_forms(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/ArticleDetails.aspx?id={a.ident}"
    og = rng.random() < 0.5  # the only machine dates such a page has
    m = p.machine() if og else p.machine("none")
    pre = "ctl00_ContentPlaceHolder1_"
    date = own_dateline(p, ("hijri_first", "hijri_numeric"))  # printed ABOVE the headline
    by, line = p.byline(), p.agency_line()
    text = paragraphs(p, "br", (read_also(p, "p_strong"),))
    tools = "".join(f'<td><a id="{pre}lnk{n}" href="javascript:__doPostBack()">{t}</a></td>'
                    for n, t in (("Print", "طباعة"), ("Send", "أرسل لصديق"),
                                 ("FontUp", "تكبير الخط")))
    p.hazard("print-tools", "أرسل لصديق")
    state = "".join(rng.choice("ABCDEFabcdef0123456789+/") for _ in range(120))
    body = (f'<form method="post" action="./ArticleDetails.aspx?id={a.ident}" id="aspnetForm">'
            f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{state}">'
            f'<div id="ctl00_divHeader"><a id="ctl00_hlLogo">{escape(p.spec.site)}</a>'
            f'<ul id="ctl00_ulMenu">{nav(p)}</ul></div><div id="ctl00_divMain">'
            f'<span id="{pre}lblSection" class="SectionName">{escape(a.section[1])}</span>'
            f'<div class="DateDiv"><span id="{pre}lblDate">{date}</span></div>'
            f'<h2 id="{pre}lblTitle" class="ArticleTitle">{escape(p.title)}</h2>'
            f'<span id="{pre}lblWriter" class="Writer">{by}</span>'
            f'<table id="{pre}tblTools" class="ToolsTable"><tr>{tools}</tr></table>'
            f'<div id="{pre}divImage">{figure(p, "span")}</div>'
            f'<span id="{pre}lblBody" class="ArticleBody">{text}</span>'
            f'<span id="{pre}lblSource" class="SourceName">{line}</span>'
            f'<div id="{pre}pnlRelated">{teasers(p, "أخبار ذات صلة", "RelatedLink", 4)}</div>'
            f'<div id="{pre}pnlComments">{comments(p, "CommentsPanel")}</div></div>'
            f'<div id="ctl00_divFooter">{footer(p)}</div></form>')
    p.hazard("headline-in-h2", p.title)
    return doc(p, p.head(m, url, jsonld=False, og=og), body), url


@template("laravel_vue", "منصة النبأ", "Africa/Khartoum", ("relative",),
          "Laravel/Vue custom portal (data-v-* attributes, #app, window.__INITIAL_STATE__)",
          registry=HOLDOUT)
def laravel_vue(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/news/{a.ident}/{a.slug}"
    m = p.machine()
    v = f"data-v-{rng.getrandbits(28):07x}"
    p.lead_dateline()
    date = own_dateline(p, ("clock_word", "eastern_dash", "month_year_first"))
    by = p.byline()
    views = f"{rng.randint(120, 9000)} مشاهدة"
    p.hazard("view-count", views)
    text = paragraphs(p, "p", (read_also(p, "list"), maybe(p, 0.6, lambda: follow_prompt(p))))
    state = {"article": {"id": a.ident, "title": p.title, "views": views}}
    body = (f'<div id="app"><nav class="navbar-top" {v}><a class="brand" {v}>'
            f'{escape(p.spec.site)}</a><ul {v}>{nav(p)}</ul></nav>'
            f'<div class="news-show" {v}><div class="news-show__head" {v}>'
            f'<a class="chip" {v}>{escape(a.section[1])}</a>'
            f'<h1 class="news-show__title" {v}>{escape(p.title)}</h1>'
            f'<div class="news-show__meta" {v}><span class="meta-writer" {v}>{by}</span>'
            f'<span class="meta-time" {v}>{date}</span><span class="meta-views" {v}>{views}'
            f'</span></div></div><div class="news-show__cover" {v}>{figure(p, "div_plain")}</div>'
            f'<div class="news-show__content" {v}>{text}{source_tail(p)}</div>'
            f'<div class="news-show__tags" {v}>{tags(p, "chips")}</div>'
            f'<div class="news-show__share" {v}>{share(p, "share-ico")}</div></div>'
            f'<div class="more-news" {v}>{teasers(p, "المزيد من الأخبار", "news-card", 6, True)}'
            f'</div><footer {v}>{footer(p)}</footer></div>'
            f'<script>window.__INITIAL_STATE__={escape(str(state))}</script>')
    return doc(p, p.head(m, url), body), url


@template("liferay_portal", "البوابة الرسمية للأخبار", "Asia/Qatar",
          ("hijri_first", "clock_word"), "Liferay-like portal (portlet boundaries, "
          "journal-content-article, asset-publisher metadata)", registry=HOLDOUT)
def liferay_portal(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/ar/web/guest/news/-/asset_publisher/x1/content/{a.slug}"
    m = p.machine()
    inst = f"portlet_com_liferay_journal_content_INSTANCE_{rng.getrandbits(32):08x}"
    date = own_dateline(p, ("hijri_first", "clock_word"), rng.choice(["", "تاريخ النشر: "]))
    line = p.agency_line()
    text = paragraphs(p, "div", (figure(p, "p_after"),))
    rating = "قيّم هذا المحتوى"
    p.hazard("rating-prompt", rating)
    body = (f'<div id="wrapper"><header id="banner" role="banner"><div id="heading">'
            f'<a class="logo">{escape(p.spec.site)}</a></div><nav id="navigation">'
            f'<ul>{nav(p)}</ul></nav></header><section id="content">'
            f'<div class="portlet-boundary portlet-breadcrumb">{breadcrumb(p, "›")}</div>'
            f'<div id="{inst}" class="portlet-boundary portlet-journal-content">'
            f'<section class="portlet"><div class="portlet-content">'
            f'<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">'
            f'{date}</span><span class="metadata-entry metadata-categories">'
            f'{escape(a.section[1])}</span></div>'
            f'<div class="journal-content-article"><h1 class="header-title">{escape(p.title)}'
            f'</h1>{text}<p class="source-line">{line}</p></div>'
            f'<div class="taglib-ratings"><span>{rating}</span></div>'
            f'<div class="taglib-asset-tags-summary">{tags(p, "asset-tag")}</div>'
            f'</div></section></div><div class="portlet-boundary portlet-asset-publisher">'
            f'{teasers(p, "أخبار أخرى", "asset-abstract", 5, True)}</div></section>'
            f'<footer id="footer">{footer(p)}</footer></div>')
    return doc(p, p.head(m, url, jsonld=rng.random() < 0.3), body), url


@template("tv_video", "قناة الأفق الفضائية", "Asia/Dubai", ("relative",),
          "TV channel news page: video player, duration, transcript as the article",
          registry=HOLDOUT)
def tv_video(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/video/{a.section[0]}/{a.ident}"
    m = p.machine()
    date = own_dateline(p, ("latin_dayfirst", "month_year_first", "dotted"))
    program = rng.choice(PROGRAMS)
    duration = f"0{rng.randint(1, 9)}:{rng.randint(10, 59)}"
    p.hazard("video-player", f"مدة الفيديو {duration}")
    by = p.byline()
    text = paragraphs(p, "p", ())
    playlist = "".join(f'<li class="pl-item"><span class="pl-time">0{rng.randint(1, 9)}:'
                       f'{rng.randint(10, 59)}</span>{link(p, h)}</li>'
                       for h in rng.sample(PAGEGEN_HEADLINES, 5))
    p.hazard("live-box", "شاهد البث المباشر")
    body = (f'<div class="channel"><div class="channel-bar"><a class="channel-logo">'
            f'{escape(p.spec.site)}</a><a class="live-btn">شاهد البث المباشر</a>'
            f'<ul class="channel-nav">{nav(p)}</ul></div><div class="watch">'
            f'<div class="player-box"><div class="video-player" data-src="/hls/{a.ident}.m3u8">'
            f'<video controls poster="/p/{a.ident}.jpg"></video><div class="vp-overlay">'
            f'<span class="vp-program">{escape(program)}</span><span class="vp-duration">'
            f'مدة الفيديو {duration}</span></div></div></div>'
            f'<div class="watch-info"><h1 class="watch-title">{escape(p.title)}</h1>'
            f'<div class="watch-meta"><span>{escape(program)}</span> <span>{date}</span> '
            f'<span>{by}</span></div><div class="watch-transcript"><h2>نص التقرير</h2>'
            f'{text}</div>{share(p, "watch-share")}</div>'
            f'<ul class="playlist"><li class="pl-head">الحلقات السابقة</li>{playlist}</ul></div>'
            f'<div class="channel-foot">{footer(p)}</div></div>')
    p.hazard("transcript-heading", "نص التقرير")
    ld = ('<script type="application/ld+json">{"@type": "VideoObject", "duration": '
          f'"PT{duration.replace(":", "M")}S"}}</script>')
    return doc(p, p.head(m, url, extra=ld), body), url


@template("sports_match", "ستاد العرب", "Africa/Casablanca", ("maghreb_at",),
          "sports site: match box with teams, score and minute above the report",
          registry=HOLDOUT)
def sports_match(p: Page) -> tuple[str, str]:
    a, rng = p.a, p.rng
    url = f"https://{p.spec.host}/match-report/{a.ident}"
    m = p.machine()
    home, away = rng.sample(TEAMS, 2)
    score = f"{rng.randint(0, 4)} - {rng.randint(0, 4)}"
    box = (f'<div class="match-box"><div class="team home">{escape(home)}</div>'
           f'<div class="score">{score}</div><div class="team away">{escape(away)}</div>'
           f'<div class="match-status">انتهت المباراة</div><div class="stadium">'
           f'الملعب الكبير - الجولة {rng.randint(1, 30)}</div></div>')
    p.hazard("match-box", "انتهت المباراة")
    p.lead_dateline()
    date = own_dateline(p, ("maghreb_at", "latin_dayfirst", "levant_short"))
    by = p.byline()
    text = paragraphs(p, "p", (read_also(p, "aside"), figure(p)))
    standings = "".join(f"<tr><td>{i + 1}</td><td>{escape(t)}</td><td>{rng.randint(10, 60)}</td>"
                        f"</tr>" for i, t in enumerate(rng.sample(TEAMS, 5)))
    p.hazard("standings-table", "ترتيب الدوري")
    body = (f'<div class="sp-site"><div class="sp-top">{escape(p.spec.site)}'
            f'<ul class="sp-menu">{nav(p)}</ul></div><div class="sp-grid"><main class="sp-main">'
            f'{box}<div class="sp-article"><div class="sp-kicker">{kicker(p)}</div>'
            f'<h1 class="sp-title">{escape(p.title)}</h1><div class="sp-byline">{by}'
            f'<em class="sp-date">{date}</em></div><div class="sp-text">{text}'
            f'{credit(p, "small")}</div>{tags(p, "sp-tags")}</div>'
            f'{comments(p, "sp-comments")}</main><aside class="sp-side"><table class="standings">'
            f'<caption>ترتيب الدوري</caption>{standings}</table>'
            f'{teasers(p, "نتائج أخرى", "sp-result", 4)}</aside></div>'
            f'<div class="sp-foot">{footer(p)}</div></div>')
    return doc(p, p.head(m, url), body), url

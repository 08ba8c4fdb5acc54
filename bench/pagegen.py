"""Generated pages for bench/pagetype.py: section fronts, tag, author, search, paging and home
pages, and articles carrying related-article blocks, in many layouts, in the project's own words.

    python bench/pagegen.py OUT_DIR     # writes the pages and OUT_DIR/manifest.tsv

Every page is built from a seeded choice of layout, URL shape and declared metadata (including
the lies real sites tell: an og:type=article on a section front, no metadata on an article), so
that detection is measured on arrangements nobody tuned it on.
"""

from __future__ import annotations

import random
import sys
from html import escape
from pathlib import Path

# Original sentences written for this generator.
SENTENCES = [
    "قررت وزارة الزراعة تمديد مهلة تسجيل المزارعين في برنامج دعم البذور حتى نهاية الشهر",
    "وقال متحدث باسم الوزارة إن عدد المسجلين تجاوز التوقعات في المحافظات الشمالية",
    "وتشكو جمعيات الفلاحين من تأخر صرف الدفعات المالية عن الموسم الماضي",
    "وأضاف المتحدث أن لجنة فنية ستزور القرى البعيدة لتسجيل من تعذر عليه الوصول إلى المكاتب",
    "وشهدت أسعار الأسمدة ارتفاعا ملحوظا خلال الأشهر الأخيرة بسبب كلفة النقل",
    "ويعتمد آلاف الأسر في الريف على زراعة القمح والشعير مصدرا رئيسيا للدخل",
    "وأعلنت الجامعة الوطنية عن افتتاح كلية جديدة للهندسة الزراعية في العام الدراسي المقبل",
    "ويرى اقتصاديون أن دعم صغار المنتجين يخفف الضغط على واردات الغذاء",
    "وفي الملعب البلدي فاز فريق المدينة على ضيفه بهدفين نظيفين أمام جمهور غفير",
    "وسجل المهاجم الشاب الهدف الأول في الدقيقة العشرين من رأسية متقنة",
    "وافتتح معرض الكتاب أبوابه بمشاركة أكثر من مئتي دار نشر من بلدان عدة",
    "وخصص المنظمون جناحا لكتب الأطفال وورشا للرسم والقراءة طوال أيام المعرض",
    "وحذرت هيئة الأرصاد من موجة حر تمتد إلى نهاية الأسبوع في المناطق الداخلية",
    "ودعت الهيئة السكان إلى تجنب التعرض للشمس في ساعات الظهيرة والإكثار من شرب الماء",
    "وأطلقت شركة ناشئة تطبيقا لحجز مواعيد العيادات الحكومية عبر الهاتف",
    "وتأمل الشركة أن يقلص التطبيق طوابير الانتظار أمام المستشفيات العامة",
]
HEADLINES = [
    "تمديد مهلة تسجيل المزارعين في برنامج دعم البذور",
    "ارتفاع أسعار الأسمدة يقلق الفلاحين قبل موسم الزراعة",
    "كلية جديدة للهندسة الزراعية في الجامعة الوطنية",
    "فريق المدينة يفوز على ضيفه بهدفين نظيفين",
    "معرض الكتاب يفتح أبوابه بمشاركة مئتي دار نشر",
    "الأرصاد تحذر من موجة حر في المناطق الداخلية",
    "تطبيق جديد لحجز مواعيد العيادات الحكومية",
    "لجنة فنية تزور القرى البعيدة لتسجيل المزارعين",
    "اقتصاديون: دعم صغار المنتجين يخفف واردات الغذاء",
    "ورش للرسم والقراءة للأطفال في معرض الكتاب",
]
SECTIONS = [("economy", "اقتصاد"), ("sports", "رياضة"), ("culture", "ثقافة"),
            ("local", "محليات"), ("tech", "تقنية")]
HOST = "https://news.example"


def sentences(rng: random.Random, count: int) -> str:
    return ". ".join(rng.choice(SENTENCES) for _ in range(count)) + "."


def headline(rng: random.Random) -> str:
    return f"{rng.choice(HEADLINES)} {rng.randint(2, 99)}"


def article_url(rng: random.Random, section: str) -> str:
    slug = "-".join(rng.sample(["farmers", "seeds", "heat", "match", "books", "app", "grain",
                                "fair", "clinic", "college"], 3))
    return rng.choice([
        f"{HOST}/{section}/2026/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{slug}/",
        f"{HOST}/news/{rng.randint(100000, 9999999)}",
        f"{HOST}/{section}/{slug}-{rng.randint(1000, 99999)}.html",
        f"{HOST}/article/{rng.getrandbits(64):016x}",
        f"{HOST}/story.php?id={rng.randint(100, 99999)}",
    ])


def listing_url(rng: random.Random, section: str, kind: str) -> str:
    return {
        "home": f"{HOST}/",
        "section": rng.choice([f"{HOST}/{section}/", f"{HOST}/category/{section}/",
                               f"{HOST}/{section}.html", f"{HOST}/ar/{section}"]),
        "tag": rng.choice([f"{HOST}/tag/{section}-news/", f"{HOST}/tags/{section}"]),
        "author": rng.choice([f"{HOST}/author/sami-k/", f"{HOST}/writers/12/"]),
        "search": f"{HOST}/search?q={section}",
        "paged": rng.choice([f"{HOST}/{section}/page/{rng.randint(2, 9)}/",
                             f"{HOST}/{section}/?page={rng.randint(2, 9)}"]),
    }[kind]


def head(title: str, url: str, og_type: str | None, jsonld: str | None) -> str:
    parts = ['<meta charset="utf-8">', f"<title>{escape(title)} | أخبار المثال</title>",
             f'<link rel="canonical" href="{url}">']
    if og_type:
        parts.append(f'<meta property="og:type" content="{og_type}">')
    if jsonld:
        parts.append(f'<script type="application/ld+json">{{"@context":"https://schema.org",'
                     f'"@type":"{jsonld}","headline":"{escape(title)}"}}</script>')
    return "".join(parts)


def chrome(body: str) -> str:
    nav = "".join(f'<li><a href="{HOST}/{s}/">{n}</a></li>' for s, n in SECTIONS)
    return (f'<header><a href="{HOST}/">أخبار المثال</a><nav><ul>{nav}</ul></nav></header>'
            f"<main>{body}</main><footer><p>جميع الحقوق محفوظة لأخبار المثال</p>"
            f'<a href="{HOST}/about">من نحن</a></footer>')


def teaser(rng: random.Random, style: str, section: str) -> str:
    url, title = article_url(rng, section), escape(headline(rng))
    summary = escape(sentences(rng, rng.choice([1, 1, 2, 3])))
    date = f'<time datetime="2026-11-{rng.randint(1, 28):02d}">{rng.randint(1, 28)} نوفمبر</time>'
    return {
        "card": f'<div class="card"><a href="{url}"><img src="/i.jpg" alt=""></a>'
                f'<h3><a href="{url}">{title}</a></h3><p>{summary}</p>{date}</div>',
        "li": f'<li><a href="{url}">{title}</a> {date}</li>',
        "article": f'<article class="post"><h2 class="entry-title"><a href="{url}">{title}</a>'
                   f'</h2>{date}<div class="excerpt"><p>{summary}</p></div>'
                   f'<a href="{url}" class="more">اقرأ المزيد</a></article>',
        "flat": f'<h2><a href="{url}">{title}</a></h2><p>{summary}</p>',
        "row": f'<tr><td><a href="{url}">{title}</a></td><td>{date}</td></tr>',
        "result": f'<div class="result"><a href="{url}"><h4>{title}</h4></a>'
                  f'<span>{url}</span><p>{summary}</p></div>',
    }[style]


def listing_page(rng: random.Random) -> tuple[str, str]:
    section, name = rng.choice(SECTIONS)
    kind = rng.choice(["home", "section", "tag", "author", "search", "paged"])
    url = listing_url(rng, section, kind)
    style = rng.choice(["card", "li", "article", "flat", "row", "result"])
    items = "".join(teaser(rng, style, section) for _ in range(rng.randint(6, 20)))
    wrapped = {"li": f"<ul>{items}</ul>", "row": f"<table>{items}</table>"}.get(style, items)
    title = {"home": "أخبار المثال", "search": f"نتائج البحث عن {name}",
             "author": "سامي الكاتب", "tag": f"وسم: {name}"}.get(kind, name)
    intro = ""
    if kind == "author":  # a biography: running text above the list
        intro = f'<div class="bio"><p>{escape(sentences(rng, 4))}</p></div>'
    elif kind == "home":  # a lead story with a long standfirst
        intro = f'<section class="lead">{teaser(rng, "card", section)}</section>'
    pager = (f'<nav class="pagination"><a href="{url}?page=2">2</a>'
             f'<a href="{url}?page=3">3</a></nav>')
    og = rng.choice([None, "website", "website", "article"])  # some CMSs say article everywhere
    ld = rng.choice([None, None, "CollectionPage", "WebPage", "ItemList", "SearchResultsPage"])
    body = f"<h1>{escape(title)}</h1>{intro}<div class='list'>{wrapped}</div>{pager}"
    return url, f"<!DOCTYPE html><html lang='ar' dir='rtl'><head>{head(title, url, og, ld)}" \
                f"</head><body>{chrome(body)}</body></html>"


def article_page(rng: random.Random) -> tuple[str, str]:
    section, _ = rng.choice(SECTIONS)
    url, title = article_url(rng, section), headline(rng)
    size = rng.choice([2, 3, 4, 6, 9])  # paragraphs: from a short brief to a long report
    paragraphs = [sentences(rng, rng.randint(2, 4)) for _ in range(size)]
    layout = rng.choice(["plain", "linked", "headed", "live", "qa"])
    if layout == "linked":  # running text with links inside
        body = "".join(f'<p>{escape(p[:60])} <a href="{article_url(rng, section)}">'
                       f"{escape(rng.choice(HEADLINES))}</a> {escape(p[60:])}</p>"
                       for p in paragraphs)
    elif layout == "headed":  # a listicle: headed sections
        body = "".join(f"<h2>{i + 1}. {escape(rng.choice(HEADLINES))}</h2><p>{escape(p)}</p>"
                       for i, p in enumerate(paragraphs))
    elif layout == "live":  # a live report: timed entries
        body = "".join(f'<div class="entry"><time>{10 + i}:00</time><p>{escape(p)}</p></div>'
                       for i, p in enumerate(paragraphs))
    elif layout == "qa":
        body = "".join(f"<p><b>{escape(rng.choice(HEADLINES))}؟</b><br>{escape(p)}</p>"
                       for p in paragraphs)
    else:
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    related_style = rng.choice(["card", "li", "article", "flat"])
    related = "".join(teaser(rng, related_style, section) for _ in range(rng.randint(3, 12)))
    related = f"<ul>{related}</ul>" if related_style == "li" else related
    block = rng.choice([f'<aside class="related"><h3>اقرأ أيضا</h3>{related}</aside>',
                        f'<section><h3>الأكثر قراءة</h3>{related}</section>',
                        f"<div>{related}</div>"])
    og = rng.choice([None, "article", "article"])
    ld = rng.choice([None, "NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"])
    date = ("" if rng.random() < 0.3 else
            '<time datetime="2026-11-20T10:00:00+03:00">20 نوفمبر</time>')
    wrap = rng.choice(["article", "div"])
    main = (f"<{wrap} class='story'><h1>{escape(title)}</h1>{date}"
            f"<div class='body'>{body}</div></{wrap}>{block}")
    return url, f"<!DOCTYPE html><html lang='ar' dir='rtl'><head>{head(title, url, og, ld)}" \
                f"</head><body>{chrome(main)}</body></html>"


def generated_pages(count: int = 60, seed: int = 12) -> list[tuple[str, bytes, str, str]]:
    """(name, body, url, kind) of `count` listings and `count` articles, the same every run."""
    rng = random.Random(seed)
    pages = []
    for i in range(count):
        url, html = listing_page(rng)
        pages.append((f"generated/listing-{i:03d}.html", html.encode(), url, "listing"))
        url, html = article_page(rng)
        pages.append((f"generated/article-{i:03d}.html", html.encode(), url, "article"))
    return pages


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = Path(argv[0])
    rows = ["path\tkind\tsource\turl"]
    for name, body, url, kind in generated_pages():
        path = out / name.split("/", 1)[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        rows.append(f"{path.name}\t{kind}\tbench/pagegen.py\t{url}")
    (out / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""What surrounds and interrupts an article on Arabic news pages: photo captions and credits,
'read also' injects, share and follow prompts, embeds, tags, comments, teasers, breadcrumbs."""

from __future__ import annotations

from html import escape

from bench.articlegen.parts import Page
from bench.articlegen.words import (
    CAPTIONS,
    COMMENT_NAMES,
    COMMENTS,
    FOLLOW_PROMPTS,
    KICKERS,
    PAGEGEN_HEADLINES,
    PAGEGEN_SENTENCES,
    PHOTOGRAPHERS,
    READ_ALSO_LABELS,
    SHARE_PROMPTS,
    TAG_LABELS,
)


def link(page: Page, text: str) -> str:
    ident = page.rng.randint(10000, 9999999)
    return f'<a href="https://{page.spec.host}/news/{ident}">{escape(text)}</a>'


def figure(page: Page, kind: str = "") -> str:
    """A photo with its caption and credit (the caption is never body text)."""
    rng = page.rng
    kind = kind or rng.choice(["figcaption", "div", "p_after", "span", "div_plain"])
    caption = rng.choice(CAPTIONS)
    credit = rng.choice([f"تصوير: {rng.choice(PHOTOGRAPHERS)}", "(أرشيفية)", "- أرشيف",
                         f"© {page.spec.site}", f"({page.a.agency[0]})" if page.a.agency else
                         "صورة أرشيفية"])
    text = f"{caption} {credit}"
    page.hazard(f"caption-{kind}", text)
    img = f'<img src="https://{page.spec.host}/uploads/{rng.randint(100, 999)}.jpg" alt="">'
    if kind == "figcaption":
        return (f'<figure class="wp-block-image">{img}<figcaption>{escape(text)}</figcaption>'
                "</figure>")
    if kind == "div":
        return (f'<div class="image-caption-box">{img}<div class="caption">{escape(caption)}'
                f' <span class="credit">{escape(credit)}</span></div></div>')
    if kind == "div_plain":  # a centred image and its caption in class-less divs
        return (f'<div style="text-align:center">{img}</div>'
                f'<div style="text-align:center">{escape(text)}</div>')
    if kind == "span":
        return f'<p class="img">{img}<br><span>{escape(text)}</span></p>'
    return f"<p>{img}</p><p>{escape(text)}</p>"  # the caption as a bare paragraph


def read_also(page: Page, kind: str = "") -> str:
    """A 'read also' inject inside the body."""
    rng = page.rng
    kind = kind or rng.choice(["p_strong", "list", "blockquote", "aside"])
    label = rng.choice(READ_ALSO_LABELS)
    heads = rng.sample(page.a.related + PAGEGEN_HEADLINES, rng.randint(1, 3))
    page.hazard(f"read-also-{kind}", label)
    if kind == "p_strong":
        return f"<p><strong>{escape(label)}</strong> {link(page, heads[0])}</p>"
    if kind == "list":
        items = "".join(f"<li>{link(page, h)}</li>" for h in heads)
        return f'<div class="read-also"><h4>{escape(label)}</h4><ul>{items}</ul></div>'
    if kind == "blockquote":
        return f"<blockquote><span>{escape(label)}</span> {link(page, heads[0])}</blockquote>"
    return f'<aside class="inline-related"><b>{escape(label)}</b>{link(page, heads[0])}</aside>'


def follow_prompt(page: Page) -> str:
    text = page.rng.choice(FOLLOW_PROMPTS)
    page.hazard("follow-prompt-in-body", text)
    return f"<p><strong>{escape(text)}</strong> {link(page, 'اضغط هنا')}</p>"


def embed(page: Page) -> str:
    """A tweet as sites paste it: its own text and a Latin date."""
    a = page.a
    text = f"{page.rng.choice(PAGEGEN_HEADLINES)} #{a.section[0]}"
    page.hazard("tweet-embed", text)
    day = a.published.strftime("%B %d, %Y")
    return (f'<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">{escape(text)}</p>'
            f'&mdash; حساب إخباري (@news_acc) <a href="https://twitter.example/s/1">{day}</a>'
            f"</blockquote>")


def paragraphs(page: Page, mode: str = "p", inserts: tuple[str, ...] = ()) -> str:
    """The body's paragraphs in `mode` markup with `inserts` placed between them."""
    rng, paras = page.rng, page.a.paragraphs
    slots: dict[int, list[str]] = {}
    for insert in inserts:
        if insert:
            slots.setdefault(rng.randint(1, max(1, len(paras) - 1)), []).append(insert)
    out, page.body_top = [page.body_top], ""
    for i, text in enumerate(paras):
        out.extend(slots.get(i, []))
        if mode == "links" and len(text) > 60:
            cut = text.index(" ", 30)
            end = text.index(" ", cut + 1) if " " in text[cut + 1:] else len(text)
            html = (f'{escape(text[:cut])} <a href="https://{page.spec.host}/tag/x">'
                    f"{escape(text[cut + 1:end])}</a>{escape(text[end:])}")
            out.append(f"<p>{html}</p>")
        elif mode == "br":
            out.append(escape(text) + ("<br><br>" if rng.random() < 0.7 else "<br>"))
        elif mode == "div":
            out.append(f"<div>{escape(text)}</div>")
        elif mode == "span":
            out.append(f'<p dir="rtl"><span style="font-size:16px">{escape(text)}</span></p>')
        else:
            out.append(f"<p>{escape(text)}</p>")
    out.extend(slots.get(len(paras), []))
    return "".join(out)


def meta_top(page: Page, date: str, by: str, mode: str = "p",
             chance: float = 0.4) -> tuple[str, str]:
    """On a share `chance` of pages, move the date line and byline from the header to the top
    of the body, as plain paragraphs (many sites' editors type them there); the header's
    (date, byline), empty where moved."""
    rng = page.rng
    if rng.random() >= chance:
        return date, by
    style = rng.choice(["two", "one", "strong"])
    if mode == "br":
        page.body_top = f"{by}<br>{date}<br><br>" if by else f"{date}<br><br>"
    elif style == "two":
        page.body_top = (f"<p>{by}</p>" if by else "") + f"<p>{date}</p>"
    elif style == "one":
        page.body_top = f"<p>{by} - {date}</p>" if by else f"<p>{date}</p>"
    else:
        page.body_top = (f"<p><strong>{by}</strong><br>{date}</p>" if by
                         else f"<p><strong>{date}</strong></p>")
    page.hazard("meta-in-body", "")
    return "", ""


def share(page: Page, cls: str = "share") -> str:
    prompt = page.rng.choice(SHARE_PROMPTS)
    page.hazard("share-prompt", prompt)
    nets = "".join(f'<a href="https://{n}.example/share" class="{cls}-{n}">{n}</a>'
                   for n in ("facebook", "twitter", "whatsapp", "telegram"))
    return f'<div class="{cls}"><span>{escape(prompt)}</span>{nets}</div>'


def tags(page: Page, cls: str = "tags") -> str:
    label = page.rng.choice(TAG_LABELS)
    words = [page.a.section[1], page.a.place, page.rng.choice(KICKERS)]
    page.hazard("tags", label)
    items = "".join(f'<a href="https://{page.spec.host}/tag/{i}" rel="tag">{escape(w)}</a>'
                    for i, w in enumerate(words))
    return f'<div class="{cls}"><span>{escape(label)}</span>{items}</div>'


def comments(page: Page, cls: str = "comments") -> str:
    rng = page.rng
    items = "".join(f'<li class="comment"><cite>{escape(rng.choice(COMMENT_NAMES))}</cite>'
                    f"<p>{escape(c)}</p></li>" for c in rng.sample(COMMENTS, 2))
    page.hazard("comments", "أضف تعليقك")
    return (f'<section class="{cls}"><h3>التعليقات</h3><ol>{items}</ol>'
            f'<form><textarea placeholder="أضف تعليقك"></textarea><button>إرسال</button></form>'
            f"</section>")


def teasers(page: Page, label: str, cls: str, count: int = 4, summary: bool = False) -> str:
    """A block of other articles' titles (and summaries)."""
    rng = page.rng
    heads = rng.sample(page.a.related + PAGEGEN_HEADLINES, count)
    page.hazard(f"teasers:{cls}", label)
    items = []
    for h in heads:
        text = f"<p>{escape(rng.choice(PAGEGEN_SENTENCES))[:90]}...</p>" if summary else ""
        items.append(f'<div class="{cls}-item">{link(page, h)}{text}</div>')
    return f'<div class="{cls}"><h3>{escape(label)}</h3>{"".join(items)}</div>'


def breadcrumb(page: Page, sep: str = "»") -> str:
    page.hazard("breadcrumb", page.a.section[1])
    return (f'<nav class="breadcrumb"><a href="https://{page.spec.host}/">الرئيسية</a> {sep} '
            f'<a href="https://{page.spec.host}/{page.a.section[0]}">'
            f"{escape(page.a.section[1])}</a></nav>")


def ticker(page: Page) -> str:
    items = " • ".join(escape(h) for h in page.rng.sample(PAGEGEN_HEADLINES, 4))
    page.hazard("news-ticker", "عاجل")
    return f'<div class="breaking"><span>عاجل</span><marquee>{items}</marquee></div>'


def kicker(page: Page) -> str:
    word = page.rng.choice(KICKERS)
    page.hazard("kicker", word)
    return escape(word)


def nav(page: Page) -> str:
    from bench.articlegen.words import SECTIONS
    return "".join(f'<li><a href="https://{page.spec.host}/{s}">{escape(n)}</a></li>'
                   for s, n in SECTIONS)


def footer(page: Page) -> str:
    return (f"<p>جميع الحقوق محفوظة © {escape(page.spec.site)} "
            f"{page.a.fetched.year}</p><a href='https://{page.spec.host}/about'>من نحن</a>")

"""Pages of the hostile site, in the project's own words: a plain Arabic article and a section
front, from which each case makes its hostile variant."""

from __future__ import annotations

from html import escape

# Original sentences written for these fixtures; each page picks a different arrangement.
SENTENCES = [
    "أعلنت بلدية المدينة الساحلية أمس عن خطة لتوسيع شبكة النقل العام خلال السنوات الثلاث المقبلة",
    "وقال رئيس البلدية في مؤتمر صحفي إن الخطة تشمل خطوط حافلات جديدة تربط الأحياء الشرقية بالميناء",
    "وأوضح أن تمويل المشروع سيأتي من موازنة المدينة ومن قرض ميسر تفاوضت عليه الحكومة مع بنك تنموي",
    "ويشكو سكان الضواحي منذ سنوات من الازدحام وطول الطريق إلى أماكن العمل في وسط المدينة",
    "ورحبت جمعيات التجار بالخطوة معتبرة أنها ستنعش الأسواق القديمة التي فقدت زبائنها",
    "في المقابل طالب نواب في المجلس البلدي بنشر دراسة الجدوى كاملة قبل التصويت على المشروع",
    "ومن المنتظر أن تبدأ الأشغال في الربيع المقبل بعد استكمال إجراءات المناقصة العامة",
    "وتقدر كلفة المرحلة الأولى بنحو مئة وعشرين مليون دولار وفق الأرقام التي عرضها المسؤولون",
    "وأشار خبراء في التخطيط العمراني إلى أن نجاح المشروع مرهون بتحسين الأرصفة وممرات المشاة",
    "كما تعهدت البلدية بتخصيص حافلات كهربائية لخفض التلوث في الشوارع الضيقة للمدينة القديمة",
    "وفي سياق متصل افتتحت المدينة الأسبوع الماضي محطة جديدة لتحلية مياه البحر",
    "ويرى مراقبون أن الانتخابات البلدية القريبة تفسر تسارع الإعلان عن المشاريع الكبرى",
]
TITLES = [
    "البلدية تعلن خطة لتوسيع شبكة النقل العام في المدينة الساحلية",
    "جدل في المجلس البلدي حول تمويل خطوط الحافلات الجديدة",
    "التجار يرحبون بمشروع النقل ويطالبون بمواقف للسيارات",
    "خبراء: نجاح مشروع الحافلات مرهون بتحسين ممرات المشاة",
]


def paragraphs(n: int, count: int = 6) -> list[str]:
    """`count` paragraphs of two sentences each, arranged differently for each page number."""
    picked = []
    for i in range(count):
        a = SENTENCES[(n + 2 * i) % len(SENTENCES)]
        b = SENTENCES[(n + 2 * i + 1) % len(SENTENCES)]
        picked.append(f"{a}. {b}.")
    # the sentences repeat every len(SENTENCES) pages: a numbered line keeps each body unique
    picked.append(f"وهذا هو التقرير رقم {n} في سلسلة متابعاتنا لملف النقل في المدينة الساحلية.")
    return picked


def title(n: int) -> str:
    return f"{TITLES[n % len(TITLES)]} ({n})"


def article_html(n: int, *, charset: str | None = "utf-8", head: str = "", before: str = "",
                 after: str = "", body: list[str] | None = None) -> str:
    """A complete, ordinary news article page: headline, date line, byline, paragraphs."""
    meta = f'<meta charset="{charset}">' if charset else ""
    text = "\n".join(f"<p>{escape(p)}</p>" for p in (body or paragraphs(n)))
    return (
        f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head>{meta}'
        f"<title>{escape(title(n))} - الموقع المعادي</title>"
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2026-11-30T08:00:00+00:00">'
        f"{head}</head><body>"
        '<header><nav><a href="/">الرئيسية</a> <a href="/s/local/">محليات</a></nav></header>'
        f"{before}<article><h1>{escape(title(n))}</h1>"
        '<p class="byline">كتب: مراسل الموقع</p>'
        f"{text}</article>{after}"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def listing_html(n: int, items: int = 12) -> str:
    """A section front: a list of teasers (headline link + one-line summary) of other pages."""
    teasers = "".join(
        f'<li class="teaser"><h3><a href="/a/story-{n}-{i}">{escape(title(n + i))}</a></h3>'
        f"<p>{escape(SENTENCES[(n + i) % len(SENTENCES)])}</p></li>" for i in range(items))
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        "<title>محليات - الموقع المعادي</title></head><body>"
        f'<h1>محليات</h1><ul class="stories">{teasers}</ul></body></html>'
    )

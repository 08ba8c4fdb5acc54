"""`akhbar report`: numbers that match the datasets, the same in the terminal and in the HTML page,
and a page that renders in a real headless browser with its charts."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from PIL import Image

from crawler.ops.report import build_report, report_text
from crawler.ops.reportpage import report_html, write_html
from pipelines.store.datasets import PartitionedWriter
from tests.sitefixtures import run_cli
from tests.test_health import run, write_runs

TODAY = datetime.now(UTC).date()
# (site, days ago) -> articles fetched that day; every third undated, every other without authors
ARTICLES = {("alwaha", 4): 10, ("alwaha", 3): 12, ("alwaha", 1): 9, ("bbcarabic", 3): 5,
            ("bbcarabic", 2): 6, ("okaz", 0): 4, ("alwaha", 30): 7}  # 30 days ago: outside
UNDATED = {"bbcarabic"}
REJECTS = {("alwaha", "extract/not_article"): 3, ("bbcarabic", "fetch/http_404"): 2,
           ("bbcarabic", "dedup/duplicate_url"): 5}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9"]
# Run first in the page: records errors and, once loaded, each image's natural size.
PROBE = """<script>
window.__errors = [];
addEventListener("error", e => __errors.push(String(e.message || "resource " + e.target.tagName)),
                 true);
addEventListener("load", () => {
  const sizes = [...document.images].map(i => i.complete && i.naturalWidth > 0
                                              ? i.naturalWidth + "x" + i.naturalHeight : "broken");
  document.documentElement.setAttribute("data-images", sizes.join(" "));
  document.documentElement.setAttribute("data-errors", __errors.join(" | "));
});
</script>"""


def fetched(days_ago: int, n: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC) + \
        timedelta(hours=1, minutes=n)


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    """Articles, rejects and runs of three sites over the last days; alwaha's last run is empty."""
    root = tmp_path_factory.mktemp("report")
    articles = PartitionedWriter(root / "articles", "articles", "test")
    for (site, ago), count in ARTICLES.items():
        for n in range(count):
            when = fetched(ago, n)
            articles.write({"url": f"http://{site}/{ago}/{n}", "site": site, "fetched_at": when,
                            "published": None if site in UNDATED and n % 3 == 0 else when,
                            "authors": ["كاتب"] if n % 2 == 0 else []})
    articles.close()
    rejects = PartitionedWriter(root / "rejects", "rejects", "test")
    for (site, key), count in REJECTS.items():
        stage, reason = key.split("/")
        for n in range(count):
            rejects.write({"url": f"http://{site}/r{n}", "site": site, "stage": stage,
                           "reason": reason, "fetched_at": fetched(1, n)})
    rejects.close()
    start = datetime.now(UTC) - timedelta(hours=9)
    write_runs(root, [run("alwaha", 40 if h < 8 else 0, h, start) for h in range(9)]
               + [run("bbcarabic", 5, h, start) for h in range(9)] + [run("okaz", 4, 8, start)])
    return root


def expected_days() -> dict[str, list[int]]:
    days = [TODAY - timedelta(days=n) for n in range(13, -1, -1)]
    return {site: [ARTICLES.get((site, (TODAY - d).days), 0) for d in days]
            for site in ("alwaha", "bbcarabic", "okaz")}


def text_table(text: str, title: str) -> list[list[str]]:
    block = text.split(f"\n{title}\n")[1].split("\n\n")[0]
    return [re.split(r"\s{2,}", line.strip()) for line in block.splitlines()]


def html_table(page: str, name: str) -> list[list[str]]:
    table = lxml.html.fromstring(page).get_element_by_id(name)
    return [[cell.text_content() for cell in row] for row in table.iter("tr")]


def test_the_numbers_match_the_datasets(output):
    report = build_report(output, days=14, today=TODAY)
    days = text_table(report_text(report), "Articles per site per day (fetch date, UTC)")
    assert days[0][0] == "site" and len(days[0]) == 16
    for site, counts in expected_days().items():
        assert [r for r in days if r[0] == site] == [[site, *map(str, counts), str(sum(counts))]]
    sites = {row[0]: row for row in text_table(report_text(report), "Per site")}
    assert sites["alwaha"] == ["alwaha", "31", "100%", "52%", "3", "extract/not_article 3",
                               "unhealthy (1 flag)"]
    assert sites["bbcarabic"][:6] == ["bbcarabic", "11", "64%", "55%", "7",
                                      "dedup/duplicate_url 5, fetch/http_404 2"]
    assert sites["bbcarabic"][6] == "ok"
    assert sites["okaz"][6] == "not enough history (0 earlier runs, 3 needed)"
    assert "  alwaha: 0 articles, median of last 8 runs 40" in report_text(report)


def test_the_html_tables_show_the_terminal_numbers(output):
    report = build_report(output, days=14, today=TODAY)
    text, page = report_text(report), report_html(report)
    assert html_table(page, "days") == text_table(text, "Articles per site per day "
                                                        "(fetch date, UTC)")
    assert html_table(page, "sites") == text_table(text, "Per site")
    assert "alwaha: 0 articles, median of last 8 runs 40" in page


def test_the_page_is_self_contained_with_four_png_charts(output, tmp_path):
    page = write_html(build_report(output, days=14), tmp_path / "r.html").read_text()
    tree = lxml.html.fromstring(page)
    sources = [img.get("src") for img in tree.iter("img")]
    assert len(sources) == 4 and all(img.get("alt") for img in tree.iter("img"))
    for src in sources:
        assert base64.b64decode(src.removeprefix("data:image/png;base64,"))[:8] == \
            b"\x89PNG\r\n\x1a\n"
    linked = [v for el in tree.iter() for k, v in el.attrib.items() if k in ("src", "href")]
    assert not [v for v in linked if not v.startswith("data:")]
    assert not tree.xpath("//script|//link|//iframe") and "url(" not in page


def test_a_report_of_nothing_still_renders(tmp_path):
    report = build_report(tmp_path, days=3)
    assert report.sites == [] and report_html(report).count("data:image/png;base64,") == 4
    assert "Per site" in report_text(report)


def chromium() -> str:
    found = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: .ci/run installs it (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium): the browser check is "
                "skipped outside CI")


def browse(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args,
                           page.resolve().as_uri()], capture_output=True, text=True, timeout=120)


def test_the_report_renders_in_headless_chromium_with_its_charts(output, tmp_path):
    proc = run_cli("report", "-d", str(output), "--output", str(tmp_path / "report.html"),
                   timeout=120)
    assert proc.returncode == 0, proc.stderr
    page = tmp_path / "report.html"
    assert f"HTML report: {page}" in proc.stdout and "alwaha" in proc.stdout
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text().replace("<head>", "<head>" + PROBE, 1))
    dom = browse(probe, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    root = lxml.html.fromstring(dom.stdout)
    assert root.get("data-errors") == ""
    sizes = [tuple(map(int, s.split("x"))) for s in root.get("data-images").split()]
    assert len(sizes) == 4 and all(w > 400 and h > 100 for w, h in sizes)
    shot = tmp_path / "report.png"
    browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2400")
    assert_not_blank(Image.open(shot))


def assert_not_blank(image: Any) -> None:
    """Charts drawn: many colours, and a fair share of the page not white."""
    pixels = image.convert("RGB").resize((320, 600))
    colours = pixels.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 50
    white = sum(n for n, rgb in colours if min(rgb) > 245)
    assert white < 0.9 * 320 * 600

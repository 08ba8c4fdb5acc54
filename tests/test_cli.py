"""`akhbar extract` and `akhbar sites`, run as a user would."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler.cli import main
from pipelines.store.schema import ARTICLES
from tests.sitefixtures import SITE_DIR, expected_site, run_cli

EXPECTED = expected_site()
FIRST = EXPECTED["articles"][0]
ORIGIN = "http://127.0.0.1:8765"


def saved(tmp_path, article_id: int) -> Path:
    """A page of the bundled site as a user would have saved it from the server."""
    raw = (SITE_DIR / "www" / "articles" / f"{article_id}.html").read_bytes()
    path = tmp_path / f"{article_id}.html"
    path.write_bytes(raw.replace(b"{{ORIGIN}}", ORIGIN.encode()))
    return path


@pytest.fixture
def page(tmp_path) -> Path:
    return saved(tmp_path, FIRST["id"])

REQUIRED = ("url", "title", "text", "text_norm", "published", "modified", "authors", "section",
            "language", "word_count")


def run_main(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


def test_extract_prints_the_row_with_every_column(capsys, page):
    url = ORIGIN + FIRST["path"]
    code, (row,) = run_main(capsys, "extract", str(page), "--url", url)
    assert code == 0
    assert list(row) == ARTICLES.names and set(REQUIRED) <= set(row)
    assert row["url"] == url and row["site"] == "alwaha"
    assert row["title"] == FIRST["title"]
    assert datetime.fromisoformat(row["published"]) == datetime.fromisoformat(FIRST["published"])
    assert row["published"].endswith("+00:00")
    assert row["language"] == "ar" and row["word_count"] > 50


def test_extract_batch_keeps_order_and_reports_unusable_pages(capsys, tmp_path, monkeypatch,
                                                             page):
    missing, gallery = tmp_path / "gone.html", saved(tmp_path, 1900)
    lines = (f"{page}\t{ORIGIN}{FIRST['path']}\n"
             f"{missing}\t\n"
             f"{gallery}\t{ORIGIN}/culture/2026/11/20/1900/x\n"
             f"{page}\t\n")
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    code, rows = run_main(capsys, "extract", "--batch", "-")
    assert code == 1  # some pages gave no article
    assert [r["path"] for r in rows] == [str(page), str(missing), str(gallery), str(page)]
    assert rows[0]["title"] == FIRST["title"] and "error" not in rows[0]
    assert rows[1]["error"].startswith("unreadable")
    assert rows[2]["error"].startswith("not_article")
    assert rows[3]["url"] == rows[0]["url"]  # no URL given: the page's canonical link is used
    assert rows[3]["title"] == FIRST["title"]


def test_extract_needs_a_file_or_a_batch(capsys):
    assert main(["extract"]) == 2


def test_extract_on_every_real_corpus_page_gives_a_title_and_arabic_text(corpus, capsys):
    pages = sorted((corpus / "pages").glob("*/*.html"))
    assert pages
    for page in pages:
        gold = json.loads(page.with_name(page.stem + ".gold.json").read_text(encoding="utf-8"))
        code, (row,) = run_main(capsys, "extract", str(page), "--url", gold["url"])
        assert code == 0, (page.name, row)
        assert row["title"], page.name
        assert len(row["text"]) > 200 and row["arabic_share"] > 0.8, page.name


def test_sites_lists_the_configured_sites(capsys):
    assert main(["sites"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["site", "country", "timezone"]
    assert any(line.split()[:3] == ["alwaha", "EG", "Africa/Cairo"] for line in out.splitlines())


@pytest.mark.parametrize("args", [("crawl", "no-such-site"), ("crawl", "alwaha", "-s", "X"),
                                  ("crawl", "alwaha", "--since", "yesterday"),
                                  ("crawl", "alwaha", "--max-articles", "0")])
def test_bad_crawl_arguments_get_a_one_line_error_and_exit_2(args):
    proc = run_cli(*args, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "akhbar" in proc.stderr


def test_add_site_writes_into_the_spiders_package_by_default():
    import crawler.spiders
    from crawler.cli.main import _parser

    args = _parser().parse_args(["add-site", "https://www.example.com/"])
    assert Path(args.dir) == Path(crawler.spiders.__file__).parent

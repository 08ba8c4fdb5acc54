"""`akhbar extract --batch` run as a user would (a child process): a bad page, whatever is wrong
with it, gives an error object on its line, the batch goes on, in input order, and the exit code
says that some pages gave no article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.hostile.pages import article_html
from tests.sitefixtures import ROOT, SITE_DIR, expected_site, run_cli

ORIGIN = "http://127.0.0.1:8765"
FIRST = expected_site()["articles"][0]
POISON = "صفحة-تفشل-في-التطبيع"  # the injected fault below fires on a page with this title
FAULT = f'''
import pipelines.normalize as stage
_real = stage.normalize
def normalize(article, *args, **kwargs):
    if "{POISON}" in (article.get("title") or ""):
        article = dict(article, text=12345)  # the real stage then fails on it, as a bug would
    return _real(article, *args, **kwargs)
stage.normalize = normalize
'''


def good_page(folder: Path) -> Path:
    raw = (SITE_DIR / "www" / "articles" / f"{FIRST['id']}.html").read_bytes()
    path = folder / "good.html"
    path.write_bytes(raw.replace(b"{{ORIGIN}}", ORIGIN.encode()))
    return path


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def rows_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_a_batch_of_bad_pages_gives_an_error_line_for_each_and_goes_on_in_order(tmp_path):
    good = good_page(tmp_path)
    deep = article_html(3, before="<div>" * 1000, after="</div>" * 1000).encode()
    nul = article_html(4).replace("<p>", "<p>\x00\x01&#1;").encode()
    lines = [
        (good, f"{ORIGIN}{FIRST['path']}"),
        (write(tmp_path, "junk.html", os.urandom(30_000)), ""),
        (tmp_path / "missing.html", ""),
        (tmp_path, ""),  # a folder, not a file
        (write(tmp_path, "empty.html", b""), ""),
        (write(tmp_path, "doc.html", b"%PDF-1.7\n" + os.urandom(3000)), ""),
        (write(tmp_path, "deep.html", deep), "http://news.test/a/deep"),
        (write(tmp_path, "nul.html", nul), "http://news.test/a/nul"),
        (good, ""),
    ]
    listing = tmp_path / "list.tsv"
    listing.write_text("".join(f"{p}\t{u}\n" for p, u in lines), encoding="utf-8")
    proc = run_cli("extract", "--batch", str(listing))
    rows = rows_of(proc.stdout)
    assert [r["path"] for r in rows] == [str(p) for p, _ in lines], proc.stderr[-2000:]
    errors = [r.get("error", "").split(":")[0] for r in rows]
    assert errors == ["", "undecodable", "unreadable", "unreadable", "empty", "not_html", "",
                      "", ""]
    assert rows[0]["title"] == FIRST["title"] and rows[-1]["title"] == FIRST["title"]
    assert "أعلنت بلدية المدينة الساحلية" in rows[6]["text"]  # all of it, under 1,000 levels
    assert rows[7]["word_count"] > 50
    assert proc.returncode == 1
    assert "5 of 9 pages gave no article" in proc.stderr


def test_a_batch_whose_pages_all_give_articles_exits_0(tmp_path):
    good = good_page(tmp_path)
    listing = tmp_path / "list.tsv"
    listing.write_text(f"{good}\t{ORIGIN}{FIRST['path']}\n\n{good}\n", encoding="utf-8")
    proc = run_cli("extract", "--batch", str(listing))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert [r["title"] for r in rows_of(proc.stdout)] == [FIRST["title"]] * 2


def test_a_stage_that_fails_on_one_page_gives_error_stage_and_the_batch_goes_on(tmp_path):
    fault = tmp_path / "fault"
    fault.mkdir()
    (fault / "sitecustomize.py").write_text(FAULT, encoding="utf-8")
    poisoned = write(tmp_path, "poisoned.html", article_html(5).replace(
        "</title>", f" {POISON}</title>").replace("</h1>", f" {POISON}</h1>").encode())
    good = good_page(tmp_path)
    listing = tmp_path / "list.tsv"
    listing.write_text(f"{poisoned}\thttp://news.test/a/5\n{good}\t{ORIGIN}{FIRST['path']}\n",
                       encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fault), str(ROOT)]))
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "extract", "--batch",
                           str(listing)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    bad, ok = rows_of(proc.stdout)
    assert bad["error"].startswith("error_normalize: "), bad
    assert "Traceback" in proc.stderr  # the bug is logged with its traceback
    assert ok["title"] == FIRST["title"]
    assert proc.returncode == 1


def test_a_list_line_in_another_encoding_stops_nothing(tmp_path):
    good = good_page(tmp_path)
    listing = tmp_path / "list.tsv"
    listing.write_bytes(b"/tmp/\xe9t\xe9.html\t\n" + f"{good}\t\n".encode())
    proc = run_cli("extract", "--batch", str(listing))
    first, second = rows_of(proc.stdout)
    assert first["error"].startswith("unreadable") and "\ufffd" in first["path"]
    assert second["title"] == FIRST["title"]

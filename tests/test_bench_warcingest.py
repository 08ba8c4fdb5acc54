"""bench/warcingest.py's parts on a small scale: the WARC it builds holds the pages the generated
site serves, and one real `ingest-warc` of it is measured and writes every page."""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path

from bench.bigsite import MONTH_SITEMAP, BigSite, generated_articles
from bench.warcingest import build_warc, ingest, read_seconds
from pipelines.store.warcread import WarcPage, read_warc


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_generated_articles_are_the_pages_the_generated_site_serves() -> None:
    with BigSite(4) as site:
        listed = re.findall(r"<loc>([^<]+)</loc>", _get(site.origin + MONTH_SITEMAP).decode())
        served = {url: _get(url) for url in listed}
        built = dict(generated_articles(4, site.origin))
    assert built == served


def test_bench_warc_holds_each_generated_article_once(tmp_path: Path) -> None:
    warc = build_warc(tmp_path, 6)
    with warc.open("rb") as stream:
        pages = [p for p in read_warc(stream, warc.name) if isinstance(p, WarcPage)]
    assert [(p.url, p.body) for p in pages] == list(generated_articles(6, "http://127.0.0.1:8765"))
    assert all(p.status == 200 and "text/html" in p.headers["content-type"] for p in pages)
    seconds, records = read_seconds(warc)
    assert records == 6 and seconds > 0


def test_measured_ingest_writes_every_page_of_the_bench_warc(tmp_path: Path) -> None:
    figures = ingest(build_warc(tmp_path, 5), workers=1)
    assert figures.returncode == 0
    assert figures.pages == 5
    assert figures.cpu_seconds > figures.main_cpu_seconds > 0  # the worker's CPU is counted
    assert figures.worker_peak_mb > 0


def test_warcfiles_bench_reads_each_archive_under_a_folder_and_nothing_else(tmp_path):
    from bench.warcfiles import archive_files, read_one

    warc = build_warc(tmp_path, 3)
    (tmp_path / "one-stream.warc.gz").write_bytes(gzip.compress(gzip.decompress(
        warc.read_bytes())))
    (tmp_path / "rows.parquet").write_bytes(b"PAR1")
    files = archive_files([tmp_path])
    assert [f.name for f in files] == [warc.name, "one-stream.warc.gz"]
    for path in files:
        counts, given, cpu, escaped = read_one(path)
        assert escaped == ""
        assert given == {"page": 3} and counts.types["response"] == 3

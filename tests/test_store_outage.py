"""The object store going away in the middle of a crawl (a real S3 server, moto, behind a TCP
proxy the test cuts): the crawl stops with a clear error and exit 1, and the next run, the store
back, writes every article the first one did not, each once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

from crawler.demo.localsite import LocalSite
from pipelines.store.objectstore import resolve
from pipelines.store.readers import read_dataset, visible_files
from tests.s3server import S3Server, s3  # noqa: F401 (the fixture)
from tests.sitefixtures import ALLOW_LOOPBACK, ROOT, article_paths
from tests.tcpproxy import TcpProxy
from tests.test_objectstore import output  # noqa: F401 (the fixture)


def crawl(site: LocalSite, url: str, state: Path, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AKHBAR_WORKERS": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
         "-o", url, *ALLOW_LOOPBACK, "-s", f"STATE_DIR={state}", "-s", "PARQUET_FILE_ROWS=4",
         "-s", "PARQUET_BATCH_ROWS=2", "-s", "PARQUET_UPLOAD_ATTEMPTS=1",
         "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "DOWNLOAD_DELAY=0"],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_store_gone_mid_crawl_stops_it_with_exit_1_and_the_next_run_loses_nothing(
        s3: S3Server, output: str, tmp_path: Path):  # noqa: F811
    state, root = tmp_path / "state", resolve(output)
    with TcpProxy(("127.0.0.1", s3.port)) as proxy, LocalSite("alwaha") as site:
        through = output.replace(f"127.0.0.1:{s3.port}", f"127.0.0.1:{proxy.port}")
        site.article_delay = 0.05
        first = crawl(site, through, state, tmp_path)
        deadline = time.monotonic() + 120
        while len(visible_files(root / "articles")) < 2:  # a few files are in place
            assert time.monotonic() < deadline and first.poll() is None, first.communicate()
            time.sleep(0.05)
        proxy.cut()
        out, err = first.communicate(timeout=300)
        stored = len(read_dataset(root / "articles"))
        assert first.returncode == 1, out + err
        assert "after 1 attempts" in err and "the object store" in err, err
        assert "Health: 1 not checked, the object store is away (alwaha)" in out, out
        assert 0 < stored < len(article_paths()), out

        proxy.restore()
        site.article_delay = 0
        second = crawl(site, through, state, tmp_path)
        out, err = second.communicate(timeout=300)
        origin = site.origin
    assert second.returncode == 0, out + err
    urls = read_dataset(root / "articles")["url"]
    assert urls.is_unique, urls[urls.duplicated()]
    assert {unquote(u) for u in urls} == {unquote(origin + p) for p in article_paths()}

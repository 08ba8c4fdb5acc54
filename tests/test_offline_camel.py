"""akhbar never lets camel-tools reach the network, and starts without the optional models.

Each check runs in a child process (imports are per process) whose sockets refuse every address
but loopback, with an empty HOME and no CAMELTOOLS_DATA.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pandas as pd
import pytest

from crawler.demo.localsite import LocalSite
from tests.sitefixtures import ALLOW_LOOPBACK

ROOT = Path(__file__).resolve().parent.parent
GUARD = '''
import socket, sys
_connect = socket.socket.connect
def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    network = self.family in (socket.AF_INET, socket.AF_INET6)  # not a local (AF_UNIX) socket
    if network and host not in ("127.0.0.1", "::1", "localhost"):
        raise OSError(f"akhbar test: network access to {address!r} refused")
    return _connect(self, address)
socket.socket.connect = _loopback_only
sys.stderr.write("network guard on\\n")
'''
DIALECT_LINE = "dialect tagging off"


def offline_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment of a child process: guarded sockets, empty HOME, no camel-tools data."""
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    (tmp_path / "home").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "CAMELTOOLS_DATA"}
    env.update(PYTHONPATH=os.pathsep.join([str(guard), str(ROOT)]), HOME=str(tmp_path / "home"),
               HF_HUB_OFFLINE="1", **extra)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


IMPORT_ALL = """
import json, sys
from scrapy.utils.test import get_crawler
import pipelines.chain, pipelines.dates, pipelines.dedup, pipelines.extract, crawler.writer
from pipelines.normalize import normalize
from crawler.stages import TagPipeline
item = {}
for _ in range(2):  # two crawlers in one process: the dialect line still comes once
    crawler = get_crawler(settings_dict={"AKHBAR_WORKERS": 0})  # the stages in this process
    crawler.stats.open_spider()
    item = TagPipeline.from_crawler(crawler).process_item(normalize(
        {"url": "http://x/politics/1/a", "title": "وفد عراقي في طهران", "section": "سياسة",
         "text": "وصل وفد عراقي إلى طهران اليوم لبحث العلاقات بين العراق وإيران."}))
heavy = ("camel_tools.data", "camel_tools.ner", "camel_tools.dialectid", "torch", "transformers")
print(json.dumps({"loaded": sorted(m for m in sys.modules if m.startswith(heavy)),
                  "tags": {k: item[k] for k in ("language", "countries", "section_std",
                                                "dialect", "entities")}}))
"""


def test_pipelines_start_offline_without_camel_data_and_log_the_dialect_line_once(tmp_path):
    empty = tmp_path / "camel-data"  # configured, but nothing installed there: one warning
    empty.mkdir()
    proc = run_python(IMPORT_ALL, offline_env(tmp_path, CAMELTOOLS_DATA=str(empty)))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "network guard on" in proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["loaded"] == []
    assert result["tags"] == {"language": "ar", "countries": ["IQ", "IR"],
                              "section_std": "politics", "dialect": None, "entities": None}
    assert proc.stderr.count(DIALECT_LINE) == 1
    assert not (tmp_path / "home" / ".camel_tools").exists()


def test_a_crawl_runs_offline_with_the_taggers_that_have_what_they_need(tmp_path):
    output = tmp_path / "out"
    with LocalSite("alwaha") as site:
        proc = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
             "-o", str(output), *ALLOW_LOOPBACK],
            cwd=ROOT, env=offline_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "network guard on" in proc.stderr
    assert DIALECT_LINE not in proc.stderr  # not configured: no warning every hour from cron
    (log,) = (output / "logs").glob("*.log")
    assert log.read_text(encoding="utf-8").count(DIALECT_LINE) == 1
    rows = pd.read_parquet(output / "articles")
    assert len(rows) > 40
    assert rows["dialect"].isna().all() and rows["entities"].isna().all()
    assert rows["section_std"].notna().all() and rows["language"].eq("ar").all()


@pytest.mark.skipif(find_spec("torch") is None or find_spec("transformers") is None,
                    reason="the `ner` extra (torch, transformers) is not installed")
def test_ner_loads_offline_without_a_camel_catalogue_and_without_touching_it(tmp_path):
    from tests.nermodel import build_model

    model = build_model(tmp_path / "model", {"بغداد": "B-LOC"})
    data = tmp_path / "camel-data"  # configured, but holding no catalogue
    data.mkdir()
    code = f"""
import json, os
from pipelines.tag.stage import TagConfig, Taggers
taggers = Taggers(TagConfig(dialect_enabled=False, ner_model_dir={str(model)!r}))
article = taggers.run({{"text": "وصل الوفد إلى بغداد", "text_norm": "وصل الوفد الي بغداد"}})
import camel_tools.data
print(json.dumps({{"entities": article["entities"], "env": os.environ["CAMELTOOLS_DATA"],
                  "ct_dir": str(camel_tools.data.CT_DATA_DIR)}}))
"""
    proc = run_python(code, offline_env(tmp_path, CAMELTOOLS_DATA=str(data)))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["entities"] == [{"text": "بغداد", "label": "LOC", "start": 14, "end": 19}]
    assert result["env"] == str(data)  # restored after the import
    assert result["ct_dir"].endswith(os.path.join("pipelines", "tag", "data", "camel"))
    assert list(data.iterdir()) == []  # nothing downloaded or written into the data dir

"""What a run tells its operator: a log file per run, and a live status line on a terminal.

- `RunLog.start(settings)`: every record at LOGS_LEVEL (INFO) goes to LOGS_DIR/<run id>.log
  (LOGS_DIR "logs", inside PARQUET_DIR when relative: output/logs/), while stderr keeps
  LOG_LEVEL (WARNING); log files older than LOGS_KEEP_DAYS are deleted when a run starts.
- `Progress`: a Scrapy extension that rewrites one status line on stderr every
  PROGRESS_INTERVAL seconds (per-site articles, rejects, requests, and the rate), only when
  stderr is a terminal: under cron nothing but the summary is printed.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any, ClassVar, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from twisted.internet import task

from crawler import settings as defaults
from crawler.archive import WARC_READ
from crawler.stored import new_run_id
from pipelines.store.diskfull import is_disk_full
from pipelines.store.objectstore import local_folder

logger = logging.getLogger(__name__)

LOG_FILE = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]+\.log$")  # the names RunLog writes
DEFAULT_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
CLEAR_LINE = "\r\x1b[K"


def is_terminal(stream: TextIO) -> bool:
    """Whether a person is watching the stream (not cron, not a pipe, not a file)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def logs_dir(settings: Settings) -> Path:
    """LOGS_DIR, taken inside PARQUET_DIR (STATE_DIR on object storage) when relative."""
    folder = Path(settings.get("LOGS_DIR") or "logs")
    return folder if folder.is_absolute() else local_folder(settings) / folder


class RunLog:
    """The log file of one run (a handler on the root logger), closed on leaving `with`."""

    def __init__(self, path: Path | None = None, handler: logging.Handler | None = None) -> None:
        self.path = path  # None: LOGS_ENABLED is off
        self.handler = handler
        self.root_level = logging.root.level

    @classmethod
    def start(cls, settings: Settings) -> RunLog:
        """Open LOGS_DIR/<run id>.log, fixing AKHBAR_RUN_ID (OSError: the folder is not
        writable); a RunLog without a file when LOGS_ENABLED is off."""
        if not settings.getbool("LOGS_ENABLED", defaults.LOGS_ENABLED):
            return cls()
        run_id = settings.get("AKHBAR_RUN_ID") or new_run_id()
        settings.set("AKHBAR_RUN_ID", run_id, priority="cmdline")
        folder = logs_dir(settings)
        folder.mkdir(parents=True, exist_ok=True)
        prune(folder, settings.getfloat("LOGS_KEEP_DAYS", defaults.LOGS_KEEP_DAYS))
        worker = settings.get("AKHBAR_WORKER_ID")  # the workers of a shared run: a file each
        path = folder / (f"{run_id}-{worker}.log" if worker else f"{run_id}.log")
        handler = _RunLogHandler(path, encoding="utf-8")
        handler.setLevel(settings.get("LOGS_LEVEL") or "INFO")
        handler.setFormatter(logging.Formatter(settings.get("LOG_FORMAT") or DEFAULT_FORMAT,
                                               settings.get("LOG_DATEFORMAT")))
        log = cls(path, handler)
        logging.root.addHandler(handler)
        if logging.root.level > handler.level:  # Python's default root level is WARNING
            logging.root.setLevel(handler.level)
        logger.info("akhbar run %s: logging to %s", run_id, path)
        return log

    def record(self, text: str) -> None:
        """Put what was printed for the operator into the log file too."""
        if self.handler is not None:
            self.handler.handle(logging.makeLogRecord(
                {"name": __name__, "levelno": logging.INFO, "levelname": "INFO", "msg": text}))

    def close(self) -> None:
        if self.handler is not None:
            logging.root.removeHandler(self.handler)
            logging.root.setLevel(self.root_level)
            self.handler.close()
            self.handler = None

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _RunLogHandler(logging.FileHandler):
    """A FileHandler that goes quiet when its disk is full: the run says so in one line itself,
    rather than a traceback per record on stderr."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's naming)
        if not is_disk_full(sys.exc_info()[1] or Exception()):
            super().handleError(record)

    def close(self) -> None:
        try:
            super().close()
        except OSError as exc:
            if not is_disk_full(exc):
                raise


def prune(folder: Path, keep_days: float) -> list[Path]:
    """Delete run logs older than `keep_days` (0: keep everything); other files are left."""
    if keep_days <= 0:
        return []
    cutoff = time.time() - keep_days * 86400
    old = [f for f in folder.iterdir() if LOG_FILE.match(f.name) and f.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return old


# -- the live status line --------------------------------------------------------------------

def status_line(counts: dict[str, dict[str, Any]], elapsed: float, width: int = 100) -> str:
    """One line: elapsed time, total articles and rate, then each site's counts."""
    total = sum(c["articles"] for c in counts.values())
    rate = total / elapsed * 60 if elapsed > 0 else 0.0
    head = f"{elapsed:5.0f}s  {total} articles ({rate:.0f}/min)"
    sites = [f"{name} {c['articles']}a {c['rejects']}r "
             + (f"{c['records']} WARC records ({c['records'] / elapsed:.0f}/s)"
                if c.get("records") and elapsed > 0 else f"{c['requests']}q")
             + (" done" if c.get("done") else "") for name, c in counts.items()]
    line = "  |  ".join([head, *sites])
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


class Progress:
    """Scrapy extension: the status line of every crawler in the process (PROGRESS_*)."""

    crawlers: ClassVar[dict[str, Crawler]] = {}  # shared: one line for all sites of a run
    done: ClassVar[set[str]] = set()
    loop: ClassVar[task.LoopingCall | None] = None
    started: ClassVar[float] = 0.0

    def __init__(self, crawler: Crawler, stream: TextIO) -> None:
        self.crawler = crawler
        self.stream = stream

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        enabled = crawler.settings.getbool("PROGRESS_ENABLED", defaults.PROGRESS_ENABLED)
        if not enabled or not is_terminal(sys.stderr):
            raise NotConfigured  # without a message: Scrapy would log one at WARNING each run
        extension = cls(crawler, sys.stderr)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        Progress.crawlers[spider.name] = self.crawler
        if Progress.loop is None:
            Progress.started = time.monotonic()
            Progress.loop = task.LoopingCall(self.tick)
            settings = self.crawler.settings
            interval = settings.getfloat("PROGRESS_INTERVAL", defaults.PROGRESS_INTERVAL)
            Progress.loop.start(interval, now=False)

    def spider_closed(self, spider: Spider) -> None:
        Progress.done.add(spider.name)
        if Progress.done >= set(Progress.crawlers) and Progress.loop is not None:
            Progress.loop.stop()
            Progress.loop = None
            self.stream.write(CLEAR_LINE)
            self.stream.flush()

    def tick(self) -> None:
        counts = {name: {"articles": c.stats.get_value("akhbar/articles", 0),
                         "rejects": c.stats.get_value("akhbar/rejects", 0),
                         "requests": c.stats.get_value("downloader/request_count", 0),
                         "records": c.stats.get_value(WARC_READ, 0),
                         "done": name in Progress.done}
                  for name, c in Progress.crawlers.items()}
        width = shutil.get_terminal_size((100, 20)).columns - 1
        line = status_line(counts, time.monotonic() - Progress.started, width)
        self.stream.write(CLEAR_LINE + line)
        self.stream.flush()

"""What each `akhbar` command does (the parser is crawler/cli/main.py; what the crawling
commands share is crawler/cli/base.py)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crawler.cli.base import (
    UsageError,
    command_settings,
    finish_run,
    holding,
    holding_alone,
    known_sites,
    name_values,
    run_and_report,
    run_log,
    thresholds,
)
from crawler.cli.saved import batch_lines, extract_file, readable
from pipelines.store.diskfull import DiskFull, is_disk_full
from pipelines.store.redisconn import redis_url

DEMO_PORT = 8765


def cmd_crawl(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    catalogue = known_sites(args.sites, settings)
    names = args.sites or [n for n, cls in catalogue.items() if cls.live]
    if not names:
        raise UsageError("no live sites configured (see `akhbar sites`)")
    if getattr(args, "workers", None) is not None:
        return _run_workers(args, settings)
    return run_and_report(names, settings, _spider_args(args), args.strict)


def _spider_args(args: argparse.Namespace) -> dict[str, str]:
    """-a pairs plus the window/cap/backfill options, validated before anything starts."""
    from crawler.discovery.frontier import parse_when

    spider_args = name_values(args.spider_args, "-a")
    for name in ("since", "until"):
        value = getattr(args, name)
        if value:
            try:
                parse_when(value)
            except ValueError as exc:
                raise UsageError(f"--{name}: {exc}") from exc
            spider_args[name] = value
    if args.max_articles is not None:
        if args.max_articles < 1:
            raise UsageError("--max-articles must be at least 1")
        spider_args["max_articles"] = str(args.max_articles)
    if args.backfill:
        spider_args["backfill"] = "1"
    return spider_args


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.demo.localsite import HOST, LocalSite
    from crawler.run import run_crawl

    settings = command_settings(args)
    # The one inside address the demo connects to: its own site's (crawler/addresses.py).
    settings.set("ADDRESSES_ALLOW", [*settings.getlist("ADDRESSES_ALLOW"), HOST],
                 priority="cmdline")
    limits = thresholds(settings)
    if getattr(args, "workers", None) is not None:
        return _demo_workers(args, settings)
    # A stable port keeps the demo's URLs, and so the ledger's knowledge, the same across runs.
    with holding(settings), run_log(settings) as log, \
            LocalSite("alwaha", port=DEMO_PORT) as site:
        print(f"Serving the bundled site الواحة نيوز at {site.origin} and crawling it ...")
        result = run_crawl(["alwaha"], settings, {"home": site.origin})
        return finish_run(result, limits, args.strict, log)


def _run_workers(args: argparse.Namespace, settings: Any, extra: Sequence[str] = ()) -> int:
    """--workers N: N `akhbar crawl` processes sharing the crawl on Redis (cli/workers.py)."""
    from crawler.cli.workers import run_workers

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if not redis_url(settings):
        raise UsageError("--workers needs a shared Redis: --redis URL or AKHBAR_REDIS_URL")
    return run_workers(args, settings, args.argv, extra)


def _demo_workers(args: argparse.Namespace, settings: Any) -> int:
    """The demo's site served here, crawled by --workers N workers sharing it on Redis."""
    from crawler.demo.localsite import HOST, LocalSite

    with LocalSite("alwaha", port=DEMO_PORT) as site:
        print(f"Serving the bundled site الواحة نيوز at {site.origin}; {args.workers} workers "
              "crawl it ...", flush=True)
        return _run_workers(args, settings, extra=[
            "alwaha", "-a", f"home={site.origin}", "-s", f"ADDRESSES_ALLOW={HOST}"])


def cmd_compact(args: argparse.Namespace) -> int:
    from pipelines.store.compact import CompactionRefused, refuse_remote

    settings = command_settings(args)
    if args.into:
        return _compact_into(settings, args.into, args.dataset or ["articles", "rejects", "runs"])
    try:
        refuse_remote(settings.get("PARQUET_DIR"))  # before the lock: it would make a folder
    except CompactionRefused as exc:
        raise UsageError(str(exc)) from exc
    with holding_alone(settings):
        for dataset in args.dataset or ["articles", "rejects", "runs"]:
            _compact(settings, dataset)
    return 0


def _compact(settings: Any, dataset: str) -> None:
    from pipelines.store.compact import compact
    from pipelines.store.readers import visible_files

    output = Path(settings.get("PARQUET_DIR"))
    try:
        result = compact(output, dataset)
    except OSError as exc:  # each partition is swapped whole: the data is as it was
        if is_disk_full(exc):
            raise DiskFull(str(output / dataset), exc) from exc
        raise
    print(result.summary())
    if dataset == "articles" and result.partitions:
        ledger = _existing_ledger(settings)
        if ledger is not None:  # the new files hold rows the ledger already has
            root = output / "articles"
            ledger.register_files([f.relative_to(root).as_posix() for f in visible_files(root)])


def _compact_into(settings: Any, into: str, datasets: list[str]) -> int:
    """`akhbar compact --into PLACE`: the output only read (holding it as a compaction in
    place would), each dataset written compacted to PLACE."""
    from pipelines.store.compact import CompactionRefused
    from pipelines.store.compactinto import compact_into

    source, shown = settings.get("PARQUET_DIR"), into.split("?", 1)[0]
    with holding_alone(settings):
        for dataset in datasets:
            try:
                result = compact_into(source, into, dataset)
            except CompactionRefused as exc:
                raise UsageError(str(exc)) from exc
            except OSError as exc:
                if is_disk_full(exc):
                    raise DiskFull(shown, exc) from exc
                raise
            print(f"{result.summary()}, into {shown}/{dataset}")
    print(f"Point readers and crawls (-o) at {shown}; {str(source).split('?', 1)[0]} is as it "
          "was: delete it once nothing reads it.")
    return 0


def _existing_ledger(settings: Any) -> Any:
    """The shared ledger on Redis, or the output folder's when there is one."""
    from pipelines.store.ledger import Ledger
    from pipelines.store.redisledger import RedisLedger

    if url := redis_url(settings):
        return RedisLedger.from_url(url, settings.get("AKHBAR_REDIS_PREFIX") or "akhbar")
    path = Path(settings.get("PARQUET_DIR"), "ledger.sqlite")
    return Ledger(path) if path.exists() else None


def cmd_status(args: argparse.Namespace) -> int:
    """What the shared crawl on Redis is doing: exit 0, or 69 when Redis does not answer."""
    from crawler.ops.status import read_status, status_json, status_text
    from crawler.run import project_settings
    from pipelines.store.redisconn import Keys, connect, shown

    settings = project_settings(name_values(args.settings, "-s"))
    url = args.redis or redis_url(settings)
    if not url:
        raise UsageError("no shared crawl to look at: --redis URL or AKHBAR_REDIS_URL")
    keys = Keys(settings.get("AKHBAR_REDIS_PREFIX") or "akhbar")
    status = read_status(connect(url), keys, f"{shown(url)} (keys {keys('*')})")
    print(status_json(status) if args.json else status_text(status))
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """`akhbar health`: exit 1 when a site's latest run is flagged."""
    from crawler.ops.health import check_sites, health_table

    known_sites(args.sites)
    settings = _read_settings(args)
    output = Path(settings.get("PARQUET_DIR"))
    results = check_sites(output, args.sites or None, t=thresholds(settings))
    print(health_table(results) if results else f"No runs recorded in {output / 'runs'}/.")
    return 1 if any(not h.healthy for h in results) else 0


def cmd_report(args: argparse.Namespace) -> int:
    from crawler.ops.report import build_report, report_text
    from crawler.ops.reportpage import write_html

    if args.days < 1:
        raise UsageError("report: --days must be at least 1")
    settings = _read_settings(args)
    report = build_report(settings.get("PARQUET_DIR"), args.days, thresholds=thresholds(settings))
    try:
        path = write_html(report, args.output)
    except OSError as exc:
        raise UsageError(f"report: cannot write {args.output}: {exc.strerror or exc}") from exc
    print(f"{report_text(report)}\n\nHTML report: {path}")
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    """`akhbar stories`: the biggest stories of a UTC day (no article that day: exit 0)."""
    from crawler.ops import stories

    try:
        day = stories.parse_day(args.day)
    except ValueError as exc:
        raise UsageError(f"stories: --day: {exc}") from exc
    if args.top < 1:
        raise UsageError("stories: --top must be at least 1")
    folder = Path(_read_settings(args).get("PARQUET_DIR")) / "articles"
    if not folder.is_dir():
        raise UsageError(f"stories: no articles dataset: {folder}/ does not exist")
    sites = args.site or []
    found = stories.day_stories(day, *stories.read_day(folder, day, sites),
                                include_unclustered=args.include_unclustered)
    out, note = stories.render(found, args.top, f"{folder}/", sites, as_json=args.json)
    print(out, end="")
    if note:
        print(f"akhbar: stories: {note}", file=sys.stderr)
    return 0


def _read_settings(args: argparse.Namespace) -> Any:
    from crawler.run import project_settings

    overrides: dict[str, Any] = name_values(args.settings, "-s")
    if args.data:
        overrides["PARQUET_DIR"] = args.data
    return project_settings(overrides)


def cmd_extract(args: argparse.Namespace) -> int:
    """One JSON object per page, in input order; 1 when a page gave no article (an error
    object), the batch going on past it."""
    if bool(args.file) == bool(args.batch):
        raise UsageError("extract: give either FILE or --batch LIST")
    if args.file:
        row = extract_file(args.file, args.url)
        print(json.dumps(row, ensure_ascii=False))
        return 1 if "error" in row else 0
    try:
        if args.batch == "-":
            stream = sys.stdin
            if hasattr(stream, "reconfigure"):  # a line in another encoding stops nothing
                stream.reconfigure(errors="surrogateescape")
        else:
            stream = open(args.batch, encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"extract: cannot read {args.batch}: {exc.strerror}") from exc
    failed = total = 0
    with stream:
        for path, url in batch_lines(stream):
            row = extract_file(path, url)
            total += 1
            failed += "error" in row
            print(json.dumps({"path": readable(path), **row}, ensure_ascii=False), flush=True)
    if failed:
        print(f"extract: {failed} of {total} pages gave no article", file=sys.stderr)
    return 1 if failed else 0

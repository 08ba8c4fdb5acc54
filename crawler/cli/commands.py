"""What each `akhbar` command does (the parser is crawler/cli/main.py)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from crawler.cli.saved import batch_lines, extract_file, readable
from crawler.siteconfig import CatalogueError
from crawler.sites import site_classes
from pipelines.store.diskfull import DiskFull, is_disk_full
from pipelines.store.lock import hold_output
from pipelines.store.objectstore import is_remote

if TYPE_CHECKING:
    from crawler.addresses import AddressPolicy
    from crawler.logs import RunLog
    from crawler.ops.health import Thresholds
    from crawler.run import RunResult

DEMO_PORT = 8765
T = TypeVar("T")


class UsageError(Exception):
    """Bad arguments: reported on one line, exit code 2."""


def name_values(values: list[str], what: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise UsageError(f"{what} must be NAME=VALUE, got {value!r}")
        pairs[name] = rest
    return pairs


def command_settings(args: argparse.Namespace) -> Any:
    from crawler.run import project_settings
    from crawler.runs import SETTINGS_GIVEN

    given = name_values(args.settings, "-s")  # as given: recorded in output/runs (crawl, demo)
    overrides: dict[str, Any] = {"LOG_LEVEL": args.log_level, **given, SETTINGS_GIVEN: given}
    if args.output:
        overrides["PARQUET_DIR"] = args.output
    if getattr(args, "save_warc", False):
        overrides["WARC_SAVE_ENABLED"] = True
    settings = project_settings(overrides)
    address_policy(settings)
    _from_settings(pool_workers, settings)  # a bad AKHBAR_WORKERS: exit 2 before crawling
    _from_settings(cluster_params, settings)  # so are bad CLUSTER_* values
    return settings


def pool_workers(settings: Any) -> int:
    from crawler.stages import pool_workers as workers

    return workers(settings)


def cluster_params(settings: Any) -> Any:
    from crawler.stages import cluster_params as params

    return params(settings)


def _from_settings(build: Callable[[Any], T], settings: Any) -> T:
    """What `build` makes of the settings; a bad value (ValueError) is a usage error: exit 2."""
    try:
        return build(settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def address_policy(settings: Any) -> AddressPolicy:
    """The address guard's policy (crawler/addresses.py); a bad ADDRESSES_ALLOW: exit 2."""
    from crawler.addresses import AddressPolicy

    return _from_settings(AddressPolicy.from_settings, settings)


def cmd_crawl(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    catalogue = known_sites(args.sites, settings)
    names = args.sites or [n for n, cls in catalogue.items() if cls.live]
    if not names:
        raise UsageError("no live sites configured (see `akhbar sites`)")
    return run_and_report(names, settings, _spider_args(args), args.strict)


def run_and_report(spiders: Sequence[Any], settings: Any, spider_args: dict[str, Any],
                   strict: bool) -> int:
    """One run of `spiders` (site names or spider classes): the output's lock, the run log,
    the crawl, then its summary and health on stdout; the exit code."""
    from crawler.run import run_crawl

    thresholds = _thresholds(settings)
    _hold(settings)
    with _run_log(settings) as log:
        result = run_crawl(spiders, settings, spider_args)
        return _finish_run(result, thresholds, strict, log)


def known_sites(names: Sequence[str], settings: Any = None) -> dict[str, Any]:
    """The site catalogue (from the settings' SPIDER_MODULES, default the project's), after
    checking that every name is in it."""
    catalogue = catalogue_of(settings)
    unknown = [s for s in names if s not in catalogue]
    if unknown:
        raise UsageError(f"unknown site(s): {', '.join(unknown)} (see `akhbar sites`)")
    return catalogue


def catalogue_of(settings: Any = None) -> dict[str, Any]:
    """Every configured site; a site with a bad configuration is a usage error (exit 2) named
    on one line (crawler/siteconfig.py)."""
    try:
        return site_classes(settings)
    except CatalogueError as exc:
        raise UsageError(str(exc)) from exc


def _thresholds(settings: Any) -> Thresholds:
    from crawler.ops.health import Thresholds

    return _from_settings(Thresholds.from_settings, settings)


def _hold(settings: Any) -> None:
    """Take the dataset folder's lock (Locked: exit 75; a folder that cannot be made: exit 2);
    none on object storage (a bucket has no lock: workers write files of distinct names)."""
    if is_remote(settings.get("PARQUET_DIR")):
        return
    try:
        hold_output(settings.get("PARQUET_DIR"))
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFull(settings.get("PARQUET_DIR"), exc) from exc
        raise UsageError(f"cannot write to {settings.get('PARQUET_DIR')}: "
                         f"{exc.strerror or exc}") from exc


def _run_log(settings: Any) -> RunLog:
    from crawler.logs import RunLog, logs_dir

    try:
        return RunLog.start(settings)
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFull(str(logs_dir(settings)), exc) from exc
        raise UsageError(f"cannot write the run log: {exc}") from exc


def _finish_run(result: RunResult, thresholds: Thresholds, strict: bool, log: RunLog) -> int:
    """Print the summary and each site's health; 1 when a crawl failed or a page failed inside
    akhbar (an error_<stage> reject), or, strict, a site is unhealthy. A full disk is also said
    in one line on stderr."""
    from crawler.ops.health import check_run, health_summary
    from crawler.run import summary

    full = [s for s in result.sites if s.disk_full]
    health = check_run(result.output, [s.name for s in result.sites], result.run_id, thresholds,
                       quiet=bool(full))
    text = f"{summary(result)}\n\n{health_summary(health)}"
    if log.path:
        text += f"\nLog:   {log.path}"
    print(text)
    log.record(text)
    if full:
        print(f"akhbar: {full[0].disk_full}: stopped with {result.articles} articles and "
              f"{result.rejects} rejects stored; free some space and run again, the next run "
              "fetches the rest (exit 1)", file=sys.stderr)
    failed = any(s.finish_reason != "finished" or s.errors or s.disk_full for s in result.sites)
    return 1 if failed or (strict and any(not h.healthy for h in health)) else 0


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
    thresholds = _thresholds(settings)
    _hold(settings)
    # A stable port keeps the demo's URLs, and so the ledger's knowledge, the same across runs.
    with _run_log(settings) as log, LocalSite("alwaha", port=DEMO_PORT) as site:
        print(f"Serving the bundled site الواحة نيوز at {site.origin} and crawling it ...")
        result = run_crawl(["alwaha"], settings, {"home": site.origin})
        return _finish_run(result, thresholds, args.strict, log)


def cmd_compact(args: argparse.Namespace) -> int:
    from pipelines.store.compact import CompactionRefused, compact, refuse_remote
    from pipelines.store.datasets import visible_files
    from pipelines.store.ledger import Ledger

    settings = command_settings(args)
    try:
        refuse_remote(settings.get("PARQUET_DIR"))  # before the lock: it would make a folder
    except CompactionRefused as exc:
        raise UsageError(str(exc)) from exc
    output = Path(settings.get("PARQUET_DIR"))
    _hold(settings)
    for dataset in args.dataset or ["articles", "rejects", "runs"]:
        try:
            result = compact(output, dataset)
        except OSError as exc:  # each partition is swapped whole: the data is as it was
            if is_disk_full(exc):
                raise DiskFull(str(output / dataset), exc) from exc
            raise
        print(result.summary())
        ledger_path = output / "ledger.sqlite"
        if dataset == "articles" and result.partitions and ledger_path.exists():
            root = output / "articles"  # the new files hold rows the ledger already has
            Ledger(ledger_path).register_files(
                [f.relative_to(root).as_posix() for f in visible_files(root)])
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """`akhbar health`: exit 1 when a site's latest run is flagged."""
    from crawler.ops.health import check_sites, health_table

    known_sites(args.sites)
    settings = _read_settings(args)
    output = Path(settings.get("PARQUET_DIR"))
    results = check_sites(output, args.sites or None, t=_thresholds(settings))
    print(health_table(results) if results else f"No runs recorded in {output / 'runs'}/.")
    return 1 if any(not h.healthy for h in results) else 0


def cmd_report(args: argparse.Namespace) -> int:
    from crawler.ops.report import build_report, report_text
    from crawler.ops.reportpage import write_html

    if args.days < 1:
        raise UsageError("report: --days must be at least 1")
    settings = _read_settings(args)
    report = build_report(settings.get("PARQUET_DIR"), args.days, thresholds=_thresholds(settings))
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


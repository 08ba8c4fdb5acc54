"""The `akhbar` command: crawl, demo, extract, sites, add-site, compact, health, report.

Exit codes (docs/operations.md): 0 success; 1 a site's crawl did not finish cleanly, a page could
not be extracted, or a site is unhealthy (crawl/demo with --strict, and `akhbar health`); 2 bad
arguments or configuration; 75 another akhbar process is writing the same datasets.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from crawler.lock import hold_output
from crawler.sites import site_classes, site_for_url

if TYPE_CHECKING:
    from crawler.health import Thresholds
    from crawler.logs import RunLog
    from crawler.run import RunResult

DEMO_PORT = 8765


EXIT_LOCKED = 75  # EX_TEMPFAIL: another akhbar process is writing the same datasets


class UsageError(Exception):
    """Bad arguments: reported on one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (exit code 2) rather than usage and message."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    from crawler.lock import Locked

    try:
        return args.func(args)
    except UsageError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    except Locked as exc:
        print(f"akhbar: {exc}; not starting (exit {EXIT_LOCKED})", file=sys.stderr)
        return EXIT_LOCKED


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="akhbar", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(metavar="COMMAND")

    crawl = sub.add_parser("crawl", help="crawl the named sites (all live sites when none)")
    crawl.add_argument("sites", nargs="*", metavar="SITE")
    _crawl_options(crawl)
    crawl.add_argument("-a", dest="spider_args", action="append", default=[],
                       metavar="NAME=VALUE", help="spider argument, e.g. -a home=http://...")
    crawl.add_argument("--since", help="only articles dated after this (2d, 12h, 2026-11-01)")
    crawl.add_argument("--until", help="only articles dated before this (same forms)")
    crawl.add_argument("--max-articles", type=int, metavar="N",
                       help="fetch at most N article pages per site in this run")
    crawl.add_argument("--backfill", action="store_true",
                       help="also walk the date archive of sites that have one (with --since)")
    _strict_option(crawl)
    crawl.set_defaults(func=cmd_crawl)

    demo = sub.add_parser("demo", help="serve the bundled site on 127.0.0.1 and crawl it")
    _crawl_options(demo)
    _strict_option(demo)
    demo.set_defaults(func=cmd_demo)

    extract = sub.add_parser("extract", help="print the row the pipeline would write for a page")
    extract.add_argument("file", nargs="?", help="a saved HTML page")
    extract.add_argument("--url", help="the page's URL (default: its canonical link)")
    extract.add_argument("--batch", metavar="LIST",
                         help="file of PATH<TAB>URL lines ('-' for stdin): one JSON line each")
    extract.set_defaults(func=cmd_extract)

    compact = sub.add_parser("compact", help="merge each partition's small files into few")
    compact.add_argument("--dataset", action="append", choices=["articles", "rejects", "runs"],
                         help="dataset to compact (repeatable; default: all three)")
    _crawl_options(compact)
    compact.set_defaults(func=cmd_compact)

    health = sub.add_parser("health", help="each site's latest run against its own history")
    health.add_argument("sites", nargs="*", metavar="SITE")
    _read_options(health, "-o", "--output")
    health.set_defaults(func=cmd_health)

    report = sub.add_parser("report", help="HTML report and terminal table of the last days")
    report.add_argument("--days", type=int, default=14, metavar="N",
                        help="UTC days covered, today included (default: 14)")
    report.add_argument("--output", metavar="FILE", default="report.html",
                        help="where to write the HTML page (default: report.html)")
    _read_options(report, "-d", "--data")
    report.set_defaults(func=cmd_report)

    sites = sub.add_parser("sites", help="list the configured sites and their last run")
    sites.add_argument("-o", "--output",
                       help="dataset folder with the runs and ledger (default: PARQUET_DIR)")
    sites.set_defaults(func=cmd_sites)

    add = sub.add_parser("add-site", help="propose a spider module for a news site's home URL")
    add.add_argument("url", metavar="URL", help="the site's home page")
    add.add_argument("--name", help="spider name (default: from the host name)")
    add.add_argument("--dir", default=str(Path(__file__).parent / "spiders"),
                     help="where to write NAME.py (default: crawler/spiders)")
    add.add_argument("--force", action="store_true", help="overwrite an existing module")
    add.add_argument("--samples", type=int, default=10, metavar="N",
                     help="article pages fetched at most to check the pattern and timezone")
    add.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS",
                     help="per-request timeout")
    add.add_argument("--delay", type=float, metavar="SECONDS",
                     help="pause between requests (default: setting DOWNLOAD_DELAY)")
    add.set_defaults(func=cmd_add_site)
    return parser


def _crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", help="dataset folder (default: setting PARQUET_DIR)")
    parser.add_argument("-s", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="override a Scrapy/akhbar setting")
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level on stderr")


def _strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a site's run is flagged unhealthy (see akhbar health)")


def _read_options(parser: argparse.ArgumentParser, *data_flags: str) -> None:
    parser.add_argument(*data_flags, dest="data",
                        help="dataset folder with the runs (default: setting PARQUET_DIR)")
    parser.add_argument("-s", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="override a setting, e.g. HEALTH_WINDOW=48")


def _pairs(values: list[str], what: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise UsageError(f"{what} must be NAME=VALUE, got {value!r}")
        pairs[name] = rest
    return pairs


def _settings(args: argparse.Namespace) -> Any:
    from crawler.run import project_settings

    overrides: dict[str, Any] = {"LOG_LEVEL": args.log_level, **_pairs(args.settings, "-s")}
    if args.output:
        overrides["PARQUET_DIR"] = args.output
    return project_settings(overrides)


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.run import run_crawl

    catalogue = _known_sites(args.sites)
    names = args.sites or [n for n, cls in catalogue.items() if cls.live]
    if not names:
        raise UsageError("no live sites configured (see `akhbar sites`)")
    settings, spider_args = _settings(args), _spider_args(args)
    thresholds = _thresholds(settings)
    _hold(settings)
    with _run_log(settings) as log:
        result = run_crawl(names, settings, spider_args)
        return _finish_run(result, thresholds, args.strict, log)


def _known_sites(names: Sequence[str]) -> dict[str, Any]:
    """The site catalogue, after checking that every name is in it."""
    catalogue = site_classes()
    unknown = [s for s in names if s not in catalogue]
    if unknown:
        raise UsageError(f"unknown site(s): {', '.join(unknown)} (see `akhbar sites`)")
    return catalogue


def _thresholds(settings: Any) -> Thresholds:
    from crawler.health import Thresholds

    try:
        return Thresholds.from_settings(settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _hold(settings: Any) -> None:
    """Take the dataset folder's lock (Locked: exit 75; a folder that cannot be made: exit 2)."""
    try:
        hold_output(settings.get("PARQUET_DIR"))
    except OSError as exc:
        raise UsageError(f"cannot write to {settings.get('PARQUET_DIR')}: "
                         f"{exc.strerror or exc}") from exc


def _run_log(settings: Any) -> RunLog:
    from crawler.logs import RunLog

    try:
        return RunLog.start(settings)
    except OSError as exc:
        raise UsageError(f"cannot write the run log: {exc}") from exc


def _finish_run(result: RunResult, thresholds: Thresholds, strict: bool, log: RunLog) -> int:
    """Print the summary and each site's health; 1 when a crawl failed (or, strict, a site is
    unhealthy)."""
    from crawler.health import check_run, health_summary
    from crawler.run import summary

    health = check_run(result.output, [s.name for s in result.sites], result.run_id, thresholds)
    text = f"{summary(result)}\n\n{health_summary(health)}"
    if log.path:
        text += f"\nLog:   {log.path}"
    print(text)
    log.record(text)
    failed = any(s.finish_reason != "finished" for s in result.sites)
    return 1 if failed or (strict and any(not h.healthy for h in health)) else 0


def _spider_args(args: argparse.Namespace) -> dict[str, str]:
    """-a pairs plus the window/cap/backfill options, validated before anything starts."""
    from crawler.frontier import parse_when

    spider_args = _pairs(args.spider_args, "-a")
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
    from crawler.localsite import LocalSite
    from crawler.run import run_crawl

    settings = _settings(args)
    thresholds = _thresholds(settings)
    _hold(settings)
    # A stable port keeps the demo's URLs, and so the ledger's knowledge, the same across runs.
    with _run_log(settings) as log, LocalSite("alwaha", port=DEMO_PORT) as site:
        print(f"Serving the bundled site الواحة نيوز at {site.origin} and crawling it ...")
        result = run_crawl(["alwaha"], settings, {"home": site.origin})
        return _finish_run(result, thresholds, args.strict, log)


def cmd_compact(args: argparse.Namespace) -> int:
    from crawler.ledger import Ledger
    from pipelines.compact import compact
    from pipelines.datasets import visible_files

    output = Path(args.output or _settings(args).get("PARQUET_DIR"))
    hold_output(output)
    for dataset in args.dataset or ["articles", "rejects", "runs"]:
        result = compact(output, dataset)
        print(result.summary())
        ledger_path = output / "ledger.sqlite"
        if dataset == "articles" and result.partitions and ledger_path.exists():
            root = output / "articles"  # the new files hold rows the ledger already has
            Ledger(ledger_path).register_files(
                [f.relative_to(root).as_posix() for f in visible_files(root)])
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """`akhbar health`: exit 1 when a site's latest run is flagged."""
    from crawler.health import check_sites, health_table

    _known_sites(args.sites)
    settings = _read_settings(args)
    output = Path(settings.get("PARQUET_DIR"))
    results = check_sites(output, args.sites or None, t=_thresholds(settings))
    print(health_table(results) if results else f"No runs recorded in {output / 'runs'}/.")
    return 1 if any(not h.healthy for h in results) else 0


def cmd_report(args: argparse.Namespace) -> int:
    from crawler.report import build_report, report_text, write_html

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


def _read_settings(args: argparse.Namespace) -> Any:
    from crawler.run import project_settings

    overrides: dict[str, Any] = _pairs(args.settings, "-s")
    if args.data:
        overrides["PARQUET_DIR"] = args.data
    return project_settings(overrides)


def cmd_sites(args: argparse.Namespace) -> int:
    from crawler import settings
    from crawler.catalogue import sites_table

    output = Path(args.output or settings.PARQUET_DIR)
    ledger = Path(settings.LEDGER_PATH) if settings.LEDGER_PATH and not args.output \
        else output / "ledger.sqlite"
    print(sites_table(output, ledger))
    return 0


def cmd_add_site(args: argparse.Namespace) -> int:
    from crawler import settings
    from crawler.onboard import OnboardError, onboard

    if args.samples < 1 or args.timeout <= 0 or (args.delay or 0) < 0:
        raise UsageError("add-site: --samples must be at least 1, --timeout positive and "
                         "--delay not negative")
    delay = settings.DOWNLOAD_DELAY if args.delay is None else args.delay
    try:
        proposal, path = onboard(args.url, Path(args.dir), name=args.name, force=args.force,
                                 samples=args.samples, timeout=args.timeout, delay=delay)
    except OnboardError as exc:
        print(f"akhbar add-site: {exc}", file=sys.stderr)
        return 1
    print(proposal.summary())
    print(f"\nWrote {path}: review it, then `akhbar sites` and `akhbar crawl {proposal.name} "
          "--max-articles 20`.")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    if bool(args.file) == bool(args.batch):
        raise UsageError("extract: give either FILE or --batch LIST")
    if args.file:
        row = extract_file(args.file, args.url)
        print(json.dumps(row, ensure_ascii=False))
        return 1 if "error" in row else 0
    try:
        stream = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"extract: cannot read {args.batch}: {exc.strerror}") from exc
    with stream:
        for path, url in _batch_lines(stream):
            print(json.dumps({"path": path, **extract_file(path, url)}, ensure_ascii=False),
                  flush=True)
    return 0


def _batch_lines(stream: TextIO) -> Iterator[tuple[str, str | None]]:
    for line in stream:
        line = line.rstrip("\r\n")
        if line.strip():
            path, _, url = line.partition("\t")
            yield path, url.strip() or None


def extract_file(path: str, url: str | None = None) -> dict[str, Any]:
    """The article row for one saved page, or {"url", "error"} when it gives no article."""
    from pipelines import Reject
    from pipelines.chain import process_page
    from pipelines.extract import canonical_of
    from pipelines.schema import json_row

    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        return {"url": url, "error": f"unreadable: {exc.strerror or exc}"}
    url = url or canonical_of(body) or Path(path).resolve().as_uri()
    site = site_for_url(url)
    page = {"url": url, "body": body, "headers": {}, "fetched_at": datetime.now(UTC),
            "site": site.name if site else None,
            "site_domains": sorted(site.domains) if site else [],
            "site_timezone": site.timezone if site else "UTC",
            "site_overrides": dict(site.overrides) if site else {},
            "site_country": site.country if site else None}
    try:
        return json_row(process_page(page))
    except Reject as exc:
        return {"url": url, "error": f"{exc.reason}: {exc.detail}".rstrip(": ")}


if __name__ == "__main__":
    sys.exit(main())

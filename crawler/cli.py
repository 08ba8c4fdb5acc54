"""The `akhbar` command: crawl, demo, extract, sites.

Exit codes: 0 success, 1 a site's crawl did not finish cleanly or a page could not be extracted,
2 bad arguments or configuration.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from crawler.sites import site_classes, site_for_url

DEMO_PORT = 8765


class UsageError(Exception):
    """Bad arguments: reported on one line, exit code 2."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="akhbar", description=__doc__.splitlines()[0])
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
    crawl.set_defaults(func=cmd_crawl)

    demo = sub.add_parser("demo", help="serve the bundled site on 127.0.0.1 and crawl it")
    _crawl_options(demo)
    demo.set_defaults(func=cmd_demo)

    extract = sub.add_parser("extract", help="print the row the pipeline would write for a page")
    extract.add_argument("file", nargs="?", help="a saved HTML page")
    extract.add_argument("--url", help="the page's URL (default: its canonical link)")
    extract.add_argument("--batch", metavar="LIST",
                         help="file of PATH<TAB>URL lines ('-' for stdin): one JSON line each")
    extract.set_defaults(func=cmd_extract)

    sites = sub.add_parser("sites", help="list the configured sites")
    sites.set_defaults(func=cmd_sites)
    return parser


def _crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", help="dataset folder (default: setting PARQUET_DIR)")
    parser.add_argument("-s", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="override a Scrapy/akhbar setting")
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level on stderr")


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
    from crawler.run import run_crawl, summary

    catalogue = site_classes()
    unknown = [s for s in args.sites if s not in catalogue]
    if unknown:
        raise UsageError(f"unknown site(s): {', '.join(unknown)} (see `akhbar sites`)")
    names = args.sites or [n for n, cls in catalogue.items() if cls.live]
    if not names:
        raise UsageError("no live sites configured (see `akhbar sites`)")
    result = run_crawl(names, _settings(args), _spider_args(args))
    print(summary(result))
    return 0 if all(s.finish_reason == "finished" for s in result.sites) else 1


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
    from crawler.run import run_crawl, summary

    # A stable port keeps the demo's URLs, and so the ledger's knowledge, the same across runs.
    with LocalSite("alwaha", port=DEMO_PORT) as site:
        print(f"Serving the bundled site الواحة نيوز at {site.origin} and crawling it ...")
        result = run_crawl(["alwaha"], _settings(args), {"home": site.origin})
    print(summary(result))
    return 0 if result.sites[0].finish_reason == "finished" else 1


def cmd_sites(args: argparse.Namespace) -> int:
    rows = [("site", "country", "timezone", "feeds", "sitemaps", "live", "home")]
    for name, cls in site_classes().items():
        rows.append((name, cls.country, cls.timezone, str(len(cls.feeds)),
                     str(len(cls.sitemaps)), "yes" if cls.live else "no", cls.home))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
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
            "site_overrides": dict(site.overrides) if site else {}}
    try:
        return json_row(process_page(page))
    except Reject as exc:
        return {"url": url, "error": f"{exc.reason}: {exc.detail}".rstrip(": ")}


if __name__ == "__main__":
    sys.exit(main())

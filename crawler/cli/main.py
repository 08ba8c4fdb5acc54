"""The `akhbar` command line: crawl, demo, ingest-warc, reextract, extract, sites, add-site,
compact, health, report, stories.

This module is the parser; each command's work is in crawler/cli/commands.py.

Exit codes (docs/operations.md): 0 success; 1 a site's crawl did not finish cleanly, a page could
not be extracted, the output's disk is full, or a site is unhealthy (crawl/demo with --strict, and
`akhbar health`); 2 bad arguments or configuration; 75 another akhbar process is writing the
same datasets.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from crawler.cli.base import UsageError
from crawler.cli.commands import (
    cmd_compact,
    cmd_crawl,
    cmd_demo,
    cmd_extract,
    cmd_health,
    cmd_report,
    cmd_status,
    cmd_stories,
)
from crawler.cli.sitecommands import cmd_add_site, cmd_sites
from crawler.cli.warccommands import cmd_ingest_warc, cmd_reextract

EXIT_LOCKED = 75  # EX_TEMPFAIL: another akhbar process is writing the same datasets
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: the shared Redis (AKHBAR_REDIS_URL) does not answer


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (exit code 2) rather than usage and message."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # what --workers hands each worker
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    from pipelines.store.diskfull import DiskFull
    from pipelines.store.lock import Locked
    from pipelines.store.redisconn import RedisUnavailable

    try:
        return args.func(args)
    except UsageError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    except Locked as exc:
        print(f"akhbar: {exc}; not starting (exit {EXIT_LOCKED})", file=sys.stderr)
        return EXIT_LOCKED
    except DiskFull as exc:  # before a crawl started: nothing was written
        print(f"akhbar: {exc}; free some space and run again (exit 1)", file=sys.stderr)
        return 1
    except RedisUnavailable as exc:
        print(f"akhbar: {exc}; not starting (exit {EXIT_UNAVAILABLE})", file=sys.stderr)
        return EXIT_UNAVAILABLE


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
    _save_warc_option(crawl)
    _shared_options(crawl)
    crawl.set_defaults(func=cmd_crawl, command="crawl")

    demo = sub.add_parser("demo", help="serve the bundled site on 127.0.0.1 and crawl it")
    _crawl_options(demo)
    _strict_option(demo)
    _save_warc_option(demo)
    _shared_options(demo)
    demo.set_defaults(func=cmd_demo, command="demo")

    ingest = sub.add_parser(
        "ingest-warc", help="run the pages of WARC files (CC-NEWS ...) through the pipeline",
        description="Every HTML response of the catalogued sites in the WARC files goes through "
        "the crawl's stages, ledger and datasets (source warc, the file and record offset in "
        "the row); every other page record gets a reject row with its reason. Records that "
        "already have a row of an earlier ingest-warc are skipped, so a run started again "
        "after an interruption goes on where it stopped.")
    ingest.add_argument("paths", nargs="+", metavar="PATH",
                        help="WARC or WARC.gz files, folders, globs, http(s) URLs, or "
                             "warc.paths(.gz) listings")
    ingest.add_argument("--prefix", metavar="URL",
                        help="joined to each relative entry of a listing (default: the "
                             "listing's own folder; CC-NEWS: https://data.commoncrawl.org/)")
    ingest.add_argument("--all-arabic", action="store_true",
                        help="also the pages of sites not in the catalogue whose body is "
                             "Arabic (site: the host name; their local times read as UTC)")
    ingest.add_argument("--again", action="store_true",
                        help="read records that an earlier ingest-warc already has rows of")
    _site_options(ingest)
    _crawl_options(ingest)
    _strict_option(ingest)
    ingest.set_defaults(func=cmd_ingest_warc)

    reextract = sub.add_parser(
        "reextract", help="rebuild articles from the archive (output/raw/) with today's stages",
        description="Each archived article page (crawl --save-warc) goes through today's "
        "stages; a new version is written only where the article changed. No request is "
        "sent to any site.")
    reextract.add_argument("--since", help="only pages fetched after this (2d, 2026-11-01)")
    _site_options(reextract)
    _crawl_options(reextract)
    _strict_option(reextract)
    reextract.set_defaults(func=cmd_reextract)

    extract = sub.add_parser("extract", help="print the row the pipeline would write for a page")
    extract.add_argument("file", nargs="?", help="a saved HTML page")
    extract.add_argument("--url", help="the page's URL (default: its canonical link)")
    extract.add_argument("--batch", metavar="LIST",
                         help="file of PATH<TAB>URL lines ('-' for stdin): one JSON line each")
    extract.set_defaults(func=cmd_extract)

    compact = sub.add_parser("compact", help="merge each partition's small files into few")
    compact.add_argument("--dataset", action="append", choices=["articles", "rejects", "runs"],
                         help="dataset to compact (repeatable; default: all three)")
    compact.add_argument("--into", metavar="PLACE",
                         help="write a compacted copy to this new, empty folder or prefix "
                              "(s3://bucket/prefix) and leave the output as it is: how a bucket "
                              "is compacted")
    _crawl_options(compact)
    _redis_option(compact)
    compact.set_defaults(func=cmd_compact)

    status = sub.add_parser("status", help="a crawl shared on Redis: workers, queue, errors")
    _redis_option(status)
    status.add_argument("-s", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="override a setting, e.g. AKHBAR_REDIS_PREFIX")
    status.add_argument("--json", action="store_true", help="the same as JSON")
    status.set_defaults(func=cmd_status)

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

    stories = sub.add_parser(
        "stories", help="the biggest stories (clusters of near-duplicate articles) of a day",
        description="The biggest stories of a UTC day, biggest first (ties: earliest first "
        "seen). A story (cluster_id) counts on a day when at least one of its articles was "
        "first seen (fetched_at) on that UTC day; its numbers count all its articles, every "
        "day. See docs/stories.md.")
    stories.add_argument("--day", required=True, metavar="YYYY-MM-DD", help="the UTC day")
    stories.add_argument("--top", type=int, default=20, metavar="N",
                         help="stories listed (default: 20)")
    stories.add_argument("--site", action="extend", nargs="+", metavar="S",
                         help="only the articles of these sites (repeatable): the stories, "
                              "counts and outlets among these sites alone")
    stories.add_argument("--include-unclustered", action="store_true",
                         help="list each article without a cluster_id (written before "
                              "clustering, or with it off) as its own story")
    stories.add_argument("--json", action="store_true",
                         help="one JSON object per story on stdout instead of the text")
    stories.add_argument("-o", "--output", dest="data",
                         help="dataset folder (default: setting PARQUET_DIR)")
    stories.add_argument("-s", dest="settings", action="append", default=[],
                         metavar="NAME=VALUE", help="override a setting")
    stories.set_defaults(func=cmd_stories)

    sites = sub.add_parser("sites", help="list the configured sites and their last run")
    sites.add_argument("-o", "--output",
                       help="dataset folder with the runs and ledger (default: PARQUET_DIR)")
    sites.add_argument("--check", action="store_true",
                       help="check every site's configuration instead: one line per problem, "
                            "exit 2 when there is one, 0 when every site is valid")
    sites.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                       help="override a setting, e.g. SPIDER_MODULES=crawler.spiders,mysites")
    sites.set_defaults(func=cmd_sites)

    add = sub.add_parser("add-site", help="propose a spider module for a news site's home URL")
    add.add_argument("url", metavar="URL", help="the site's home page")
    add.add_argument("--name", help="spider name (default: from the host name)")
    add.add_argument("--dir", default=str(Path(__file__).parent.parent / "spiders"),
                     help="where to write NAME.py (default: crawler/spiders)")
    add.add_argument("--force", action="store_true", help="overwrite an existing module")
    add.add_argument("--samples", type=int, default=10, metavar="N",
                     help="article pages fetched at most to check the pattern and timezone")
    add.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS",
                     help="per-request timeout")
    add.add_argument("--delay", type=float, metavar="SECONDS",
                     help="pause between requests (default: setting DOWNLOAD_DELAY)")
    add.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                     help="override a setting, e.g. ADDRESSES_ALLOW=10.0.0.5")
    add.set_defaults(func=cmd_add_site)
    return parser


def _crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", help="dataset folder (default: setting PARQUET_DIR)")
    parser.add_argument("-s", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="override a Scrapy/akhbar setting "
                        "(repeatable; a crawl records them in output/runs, settings_given)")
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level on stderr")


def _save_warc_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--save-warc", action="store_true",
                        help="archive each fetched response as WARC under output/raw/ (the "
                             "row says which file and offset): `akhbar reextract` reads it")


def _redis_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--redis", metavar="URL",
                        help="the crawl shared through this Redis (redis://host:6379/0): queue, "
                             "ledger, story index (default: setting or env AKHBAR_REDIS_URL)")


def _shared_options(parser: argparse.ArgumentParser) -> None:
    _redis_option(parser)
    parser.add_argument("--workers", type=int, metavar="N",
                        help="start N crawl workers on this machine sharing the crawl on Redis")


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", action="append", metavar="NAME",
                        help="only this site's pages (repeatable; default: every site)")
    parser.add_argument("--home", action="append", metavar="NAME=URL",
                        help="the site's pages are at this address (a mirror, the demo)")


def _strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a site's run is flagged unhealthy (see akhbar health)")


def _read_options(parser: argparse.ArgumentParser, *data_flags: str) -> None:
    parser.add_argument(*data_flags, dest="data",
                        help="dataset folder with the runs (default: setting PARQUET_DIR)")
    parser.add_argument("-s", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="override a setting, e.g. HEALTH_WINDOW=48")



if __name__ == "__main__":
    sys.exit(main())

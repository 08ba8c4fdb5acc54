"""`akhbar ingest-warc` and `akhbar reextract` (the parser is crawler/cli/main.py)."""

from __future__ import annotations

import argparse
import glob
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.cli.base import (
    UsageError,
    command_settings,
    known_sites,
    name_values,
    run_and_report,
)

RAW_SUFFIXES = (".warc", ".warc.gz")


def cmd_ingest_warc(args: argparse.Namespace) -> int:
    from crawler.ingest import WarcJob

    settings = command_settings(args)
    if args.all_arabic:
        settings.set("WARC_ALL_ARABIC", True, priority="cmdline")
    files = expand_sources(args.paths, args.prefix)
    if not files:
        raise UsageError("no WARC file matches " + " ".join(args.paths))
    job = WarcJob(files=files, sites=_site_spiders(args, settings), source="warc",
                  resume=not args.again, all_arabic=args.all_arabic)
    return _run_job(job, settings, args.strict)


def cmd_reextract(args: argparse.Namespace) -> int:
    from crawler.discovery.frontier import parse_when
    from crawler.ingest import WarcJob

    settings = command_settings(args)
    output = Path(settings.get("PARQUET_DIR"))
    raw = Path(settings.get("WARC_SAVE_DIR") or output / "raw")
    sites = _site_spiders(args, settings)
    since = None
    if args.since:
        try:
            since = parse_when(args.since)
        except ValueError as exc:
            raise UsageError(f"--since: {exc}") from exc
    files, file_sites = raw_files(raw, list(sites), since)
    if not files:
        raise UsageError(f"no archived page under {raw} (crawl with --save-warc first)")
    names = {f: _relative(Path(f), output) for f in files}
    job = WarcJob(files=files, sites=sites, source="reextract", file_sites=file_sites,
                  since=since, resume=False, names=names)
    return _run_job(job, settings, args.strict)


def _run_job(job: Any, settings: Any, strict: bool) -> int:
    from crawler.ingest import WarcSpider

    return run_and_report([WarcSpider], settings, {"job": job}, strict)


def _site_spiders(args: argparse.Namespace, settings: Any) -> dict[str, Any]:
    """The sites whose pages are kept (--site, default all), as spider instances, with --home
    overrides (a mirror's or the demo's address)."""
    catalogue = known_sites(args.site or [], settings)
    homes = name_values(args.home or [], "--home")
    known_sites(list(homes), settings)
    names = args.site or list(catalogue)
    return {name: catalogue[name](**({"home": homes[name]} if name in homes else {}))
            for name in names}


def expand_sources(paths: list[str], prefix: str | None = None) -> list[str]:
    """Files, globs, http(s) URLs and warc.paths(.gz) listings, as the files to read in order."""
    from crawler.warcsources import listing_entries

    files: list[str] = []
    for path in paths:
        if path.endswith((".paths", ".paths.gz")):
            files.extend(listing_entries(path, prefix))
        elif path.startswith(("http://", "https://")):
            files.append(path)
        elif any(ch in path for ch in "*?["):
            files.extend(sorted(glob.glob(path, recursive=True)))
        elif Path(path).is_dir():
            files.extend(sorted(str(p) for p in Path(path).rglob("*") if
                                p.name.endswith(RAW_SUFFIXES)))
        elif Path(path).exists():
            files.append(path)
        else:
            raise UsageError(f"no such file: {path}")
    return files


def raw_files(raw: Path, sites: list[str], since: datetime | None) -> tuple[list[str],
                                                                           dict[str, str]]:
    """The archive's files of these sites, newest first (a page fetched again is rebuilt from
    its latest copy), and each file's site; files last written before `since` are left out."""
    found: list[tuple[str, str]] = []
    for site in sites:
        folder = raw / site
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not path.name.endswith(RAW_SUFFIXES):
                continue
            if since and datetime.fromtimestamp(path.stat().st_mtime, since.tzinfo) < since:
                continue
            found.append((path.name, str(path)))
    found.sort(reverse=True)
    files = [path for _, path in found]
    return files, {path: Path(path).parent.name for path in files}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)

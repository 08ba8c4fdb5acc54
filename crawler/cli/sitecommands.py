"""The `akhbar sites` and `akhbar add-site` commands: the site catalogue and onboarding."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crawler.cli.base import UsageError, address_policy, catalogue_of, name_values
from crawler.sitechecks import CatalogueError
from crawler.sites import site_classes


def cmd_sites(args: argparse.Namespace) -> int:
    """`akhbar sites`: the catalogue and each site's last run. `--check`: every problem of every
    site's configuration, one line each; exit 2 when there is one (a configuration error, as
    `akhbar crawl` of that site), 0 when every site is valid."""
    from crawler.catalogue import sites_table
    from crawler.run import project_settings

    settings = project_settings(name_values(args.settings, "-s"))
    if args.check:
        return _check_sites(settings)
    output = Path(args.output or settings.get("PARQUET_DIR"))
    ledger = Path(settings.get("LEDGER_PATH")) if settings.get("LEDGER_PATH") and \
        not args.output else output / "ledger.sqlite"
    print(sites_table(output, ledger, catalogue_of(settings)))
    return 0


def _check_sites(settings: Any) -> int:
    """Print each configuration problem on stdout, a summary on stderr; 2 when there is one."""
    from crawler.siteconfig import catalogue_problems

    try:
        classes = site_classes(settings, check=False)
    except CatalogueError as exc:  # a spider module that cannot be imported
        print("\n".join(exc.problems))
        return 2
    problems = catalogue_problems(classes)
    for problem in problems:
        print(problem)
    sites = len({p.site for p in problems})
    print(f"{len(problems)} problem(s) in {sites} of {len(classes)} sites" if problems
          else f"{len(classes)} sites checked: no problems", file=sys.stderr)
    return 2 if problems else 0


def cmd_add_site(args: argparse.Namespace) -> int:
    """`akhbar add-site URL`: 2 for bad options or an address akhbar does not connect to
    (ADDRESSES_ALLOW), 1 when the site cannot be onboarded."""
    from crawler.onboard.addsite import ForbiddenSite, OnboardError, onboard
    from crawler.run import project_settings

    if args.samples < 1 or args.timeout <= 0 or (args.delay or 0) < 0:
        raise UsageError("add-site: --samples must be at least 1, --timeout positive and "
                         "--delay not negative")
    settings = project_settings(name_values(args.settings, "-s"))
    delay = settings.getfloat("DOWNLOAD_DELAY") if args.delay is None else args.delay
    try:
        proposal, path = onboard(args.url, Path(args.dir), name=args.name, force=args.force,
                                 samples=args.samples, timeout=args.timeout, delay=delay,
                                 addresses=address_policy(settings))
    except ForbiddenSite as exc:
        raise UsageError(f"add-site: {exc}") from exc
    except OnboardError as exc:
        print(f"akhbar add-site: {exc}", file=sys.stderr)
        return 1
    print(proposal.summary())
    print(f"\nWrote {path}: review it, then `akhbar sites` and `akhbar crawl {proposal.name} "
          "--max-articles 20`.")
    return 0

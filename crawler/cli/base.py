"""What the crawling commands share: settings from the options, the output's lock (or the
shared run on Redis), the run log, and the summary with its exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from crawler.sitechecks import CatalogueError
from crawler.sites import site_classes
from pipelines.store.diskfull import DiskFull, is_disk_full
from pipelines.store.lock import hold_output
from pipelines.store.objectstore import is_remote
from pipelines.store.redisconn import redis_url

if TYPE_CHECKING:
    from crawler.addresses import AddressPolicy
    from crawler.logs import RunLog
    from crawler.ops.health import Thresholds
    from crawler.run import RunResult

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
    if getattr(args, "redis", None):
        overrides["AKHBAR_REDIS_URL"] = args.redis
    settings = project_settings(overrides)
    address_policy(settings)
    from_settings(pool_workers, settings)  # a bad AKHBAR_WORKERS: exit 2 before crawling
    from_settings(cluster_params, settings)  # so are bad CLUSTER_* values
    return settings


def pool_workers(settings: Any) -> int:
    from crawler.stages import pool_workers as workers

    return workers(settings)


def cluster_params(settings: Any) -> Any:
    from crawler.stages import cluster_params as params

    return params(settings)


def from_settings(build: Callable[[Any], T], settings: Any) -> T:
    """What `build` makes of the settings; a bad value (ValueError) is a usage error: exit 2."""
    try:
        return build(settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def address_policy(settings: Any) -> AddressPolicy:
    """The address guard's policy (crawler/addresses.py); a bad ADDRESSES_ALLOW: exit 2."""
    from crawler.addresses import AddressPolicy

    return from_settings(AddressPolicy.from_settings, settings)


def run_and_report(spiders: Sequence[Any], settings: Any, spider_args: dict[str, Any],
                   strict: bool) -> int:
    """One run of `spiders` (site names or spider classes): the output's lock, the run log,
    the crawl, then its summary and health on stdout; the exit code."""
    from crawler.run import run_crawl

    limits = thresholds(settings)
    with holding(settings), run_log(settings) as log:
        result = run_crawl(spiders, settings, spider_args)
        return finish_run(result, limits, strict, log)


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


def thresholds(settings: Any) -> Thresholds:
    from crawler.ops.health import Thresholds

    return from_settings(Thresholds.from_settings, settings)


def hold(settings: Any) -> None:
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


@contextmanager
def holding(settings: Any) -> Iterator[None]:
    """The output's lock; on a shared Redis, this worker's membership of the run instead (the
    other workers of the run write the same datasets), left at the end."""
    if not redis_url(settings):
        hold(settings)
        yield
        return
    from crawler.redisscheduler import join_shared_run, leave_shared_run
    from crawler.stored import new_run_id

    run = join_shared_run(settings, settings.get("AKHBAR_RUN_ID") or new_run_id())
    try:
        yield
    finally:
        leave_shared_run(run)


@contextmanager
def holding_alone(settings: Any) -> Iterator[None]:
    """The output for a command that rewrites its files (compact): the folder's lock, or on a
    shared Redis its compaction lock (Locked while a run is live there)."""
    if not (url := redis_url(settings)):
        hold(settings)
        yield
        return
    from pipelines.store.redisconn import Keys, connect
    from pipelines.store.redisrun import hold_exclusive

    with hold_exclusive(connect(url), Keys(settings.get("AKHBAR_REDIS_PREFIX") or "akhbar")):
        yield


def run_log(settings: Any) -> RunLog:
    from crawler.logs import RunLog, logs_dir

    try:
        return RunLog.start(settings)
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFull(str(logs_dir(settings)), exc) from exc
        raise UsageError(f"cannot write the run log: {exc}") from exc


def finish_run(result: RunResult, thresholds: Thresholds, strict: bool, log: RunLog) -> int:
    """Print the summary and each site's health; 1 when a crawl failed or a page failed inside
    akhbar (an error_<stage> reject), or, strict, a site is unhealthy. A full disk is also said
    in one line on stderr."""
    from crawler.ops.health import LEFT_TO_LAST_WORKER, SiteHealth, check_run, health_summary
    from crawler.redisscheduler import STOPPED, TAKEN_FOR_DEAD
    from crawler.run import summary

    full = [s for s in result.sites if s.disk_full]
    gone = [s for s in result.sites if s.store_failed]
    aside = {s.name: LEFT_TO_LAST_WORKER if s.row_left else "not checked, the object store is away"
             for s in result.sites if s.row_left or s.store_failed}
    checked = [s.name for s in result.sites if s.name not in aside]
    health = check_run(result.output, checked, result.run_id, thresholds,
                       quiet=bool(full)) if checked else []
    health += [SiteHealth(name, result.run_id, note=note) for name, note in aside.items()]
    text = f"{summary(result)}\n\n{health_summary(health)}"
    if log.path:
        text += f"\nLog:   {log.path}"
    print(text)
    log.record(text)
    if full:
        print(f"akhbar: {full[0].disk_full}: stopped with {result.articles} articles and "
              f"{result.rejects} rejects stored; free some space and run again, the next run "
              "fetches the rest (exit 1)", file=sys.stderr)
    if gone:
        print(f"akhbar: the object store took no more files: {gone[0].store_failed}; stopped "
              f"with {result.articles} articles and {result.rejects} rejects stored; the next "
              "run fetches the rest (exit 1)", file=sys.stderr)
    failed = any(s.finish_reason != "finished" or s.errors or s.disk_full for s in result.sites)
    if any(s.finish_reason == STOPPED for s in result.sites):
        print("akhbar: the shared Redis went away and did not come back: this worker stopped; "
              "what it had taken goes back to the queue for the other workers or the next run "
              "(exit 69)", file=sys.stderr)
        return 69
    if any(s.finish_reason == TAKEN_FOR_DEAD for s in result.sites):
        print("akhbar: the other workers took this one for dead (its heartbeat stopped: was the "
              "process stopped or the machine stalled?); it stopped, and the pages it had not "
              "yet stored are theirs to fetch (exit 1)", file=sys.stderr)
    return 1 if failed or (strict and any(not h.healthy for h in health)) else 0

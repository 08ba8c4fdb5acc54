"""The URL ledger: which articles akhbar has ingested, so that hourly runs fetch only what is new.

An embedded SQLite database (WAL) beside the datasets, keyed by `url_key` (every spelling of an
article's URL is one key). Rows are committed only after the Parquet file holding the article is
durable (see crawler/writer.py); at open, any dataset file the ledger does not know (a run
killed between writing a file and committing it) is read back, so the ledger never claims an
article the dataset lacks and never forgets one it has.

A full disk surfaces as `DiskFull` (pipelines/store/diskfull.py), never as a half-open transaction;
the two writes that only save work for later runs (`touch`, `save_sources`) log it and go on.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.store.diskfull import DiskFull, is_disk_full
from pipelines.store.ledgerrecovery import recover_files
from pipelines.store.objectstore import Place
from pipelines.store.urls import url_key

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,          -- url_key of the canonical URL
    url TEXT NOT NULL,             -- canonical URL as written to the dataset
    site TEXT,
    first_seen TEXT NOT NULL,      -- ISO 8601 UTC
    last_fetched TEXT NOT NULL,
    published TEXT,                -- ISO 8601 UTC, drives the re-fetch window
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    result_hash TEXT               -- added by schema 7: ledgers made before lack it
);
CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejects (
    key TEXT PRIMARY KEY, url TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, committed TEXT NOT NULL);
"""
# Rejects that another fetch would repeat; transient ones (timeouts, 5xx) are simply retried.
LASTING_REJECTS = frozenset({"not_article", "not_html", "duplicate_url", "http_404", "http_410",
                             "robots_forbidden"})
# page_type_confidence from which a not_article reject is not lasting (the page looked like an
# article, e.g. it was rejected for too little text: it may have more next time)
UNSURE_NOT_ARTICLE = 0.5
# The article columns the ledger keeps of each article, and the ledger column each one fills:
# the writer hands these over (crawler/writer.py) and `recover` reads them back from a dataset
# file. tests/test_facts.py checks each against the article columns and this schema.
LEDGER_FIELDS: dict[str, str] = {
    "url": "articles.url",
    "fetched_url": "aliases.alias",  # as url_key, like requested_url
    "requested_url": "aliases.alias",
    "site": "articles.site",
    "published": "articles.published",
    "fetched_at": "articles.last_fetched",  # and first_seen, the first time
    "http_etag": "articles.etag",
    "http_last_modified": "articles.last_modified",
    "content_hash": "articles.content_hash",
    "version": "articles.version",
    "result_hash": "articles.result_hash",
}


@dataclass(frozen=True)
class Known:
    """What the ledger knows of an ingested article."""

    key: str
    url: str
    version: int
    content_hash: str | None
    published: datetime | None
    etag: str | None
    last_modified: str | None
    result_hash: str | None = None


Answer = tuple[Known | None, str | None]  # what the ledger knows of a URL, the reason it was
# lastingly rejected if it is not known (Ledger.lookup_many)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else str(value)


class Ledger:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)
            _add_result_hash(self.db)
        except sqlite3.Error as exc:
            self.db.close()
            if is_disk_full(exc, self.path.parent):
                raise DiskFull(str(self.path), exc) from exc
            raise

    def close(self) -> None:
        self.db.close()

    # -- articles --------------------------------------------------------------------------

    def lookup(self, url: str) -> Known | None:
        """The ingested article this URL (any spelling, or a recorded alias) stands for."""
        key = url_key(url)
        row = self.db.execute(
            "SELECT key, url, version, content_hash, published, etag, last_modified, result_hash"
            " FROM articles WHERE key = ? OR key = (SELECT key FROM aliases WHERE alias = ?)",
            (key, key)).fetchone()
        if row is None:
            return None
        published = datetime.fromisoformat(row[4]) if row[4] else None
        return Known(row[0], row[1], row[2], row[3], published, row[5], row[6], row[7])

    def lookup_many(self, urls: Iterable[str], rejected_after: datetime) -> dict[str, Answer]:
        """`lookup` and, for a URL not ingested, `rejected_since(rejected_after)`, of each URL."""
        answers = {}
        for url in urls:
            known = self.lookup(url)
            answers[url] = (known, None if known else self.rejected_since(url, rejected_after))
        return answers

    def young(self, site: str, since: datetime) -> list[Known]:
        """The site's articles published since `since` (candidates for a re-fetch)."""
        rows = self.db.execute(
            "SELECT key, url, version, content_hash, published, etag, last_modified FROM articles"
            " WHERE site = ? AND published >= ? ORDER BY published DESC",
            (site, since.astimezone(UTC).isoformat()))
        return [Known(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5], r[6])
                for r in rows]

    def commit(self, rows: Iterable[dict[str, Any]], file: str | None = None) -> int:
        """Record articles (and the dataset file holding them) in one transaction."""
        count = 0
        with self._transaction():
            for row in rows:
                self._upsert(row)
                count += 1
            if file:
                self.db.execute("INSERT OR IGNORE INTO files VALUES (?, ?)",
                                (file, datetime.now(UTC).isoformat()))
        return count

    def _upsert(self, row: dict[str, Any]) -> None:
        values = article_values(row)
        self.db.execute(
            """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(key) DO UPDATE SET url = excluded.url,
                 last_fetched = max(last_fetched, excluded.last_fetched),
                 published = coalesce(excluded.published, published),
                 etag = excluded.etag, last_modified = excluded.last_modified,
                 content_hash = excluded.content_hash, version = excluded.version,
                 result_hash = excluded.result_hash
               WHERE excluded.version >= articles.version""", values)
        self.db.executemany("INSERT OR REPLACE INTO aliases VALUES (?, ?)",
                            [(alias, values[0]) for alias in alias_keys(row, values[0])])

    def touch(self, url: str, etag: str | None, last_modified: str | None,
              alias: str | None = None) -> None:
        """A re-fetch found the article unchanged: note when, and the fresh validators."""
        known = self.lookup(url)
        if known is None:
            return
        try:
            with self._transaction():
                self.db.execute(
                    "UPDATE articles SET last_fetched = ?, etag = coalesce(?, etag),"
                    " last_modified = coalesce(?, last_modified) WHERE key = ?",
                    (datetime.now(UTC).isoformat(), etag, last_modified, known.key))
                if alias and url_key(alias) != known.key:
                    self.db.execute("INSERT OR REPLACE INTO aliases VALUES (?, ?)",
                                    (url_key(alias), known.key))
        except DiskFull as exc:  # the article is stored; only its validators are not updated
            logger.info("ledger: %s not touched: %s", url, exc)

    def register_files(self, names: Iterable[str]) -> None:
        """Dataset files whose rows the ledger already holds (after a compaction)."""
        now = datetime.now(UTC).isoformat()
        with self._transaction():
            self.db.executemany("INSERT OR IGNORE INTO files VALUES (?, ?)",
                                [(name, now) for name in names])

    # -- lasting rejects -------------------------------------------------------------------

    def commit_rejects(self, rows: Iterable[dict[str, Any]]) -> None:
        """Remember URLs whose rejection another fetch would repeat (not_article, 404 ...); a
        not_article the page-type detection was unsure of is not remembered: retried next run."""
        lasting = lasting_rejects(rows)
        if not lasting:
            return
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO rejects VALUES (?, ?, ?, ?)",
                [(url_key(r["url"]), r["url"], r["reason"],
                  _iso(r.get("fetched_at")) or datetime.now(UTC).isoformat()) for r in lasting])

    def rejected_since(self, url: str, since: datetime) -> str | None:
        """The reason a URL was lastingly rejected after `since`, if it was."""
        row = self.db.execute("SELECT reason FROM rejects WHERE key = ? AND at >= ?",
                              (url_key(url), since.astimezone(UTC).isoformat())).fetchone()
        return row[0] if row else None

    # -- discovery sources -----------------------------------------------------------------

    def source(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM sources WHERE url = ?",
                              (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_sources(self, validators: dict[str, tuple[str | None, str | None]]) -> None:
        now = datetime.now(UTC).isoformat()
        try:
            with self._transaction():
                self.db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
                                    [(u, e, lm, now) for u, (e, lm) in validators.items()])
        except DiskFull as exc:  # the next run reads every source in full: nothing is missed
            logger.info("ledger: source validators not saved: %s", exc)

    # -- recovery --------------------------------------------------------------------------

    def recover(self, articles_dir: Place, site: str | None = None) -> int:
        """Commit the rows of dataset files the ledger has not recorded (only the site's own
        partition when `site` is given); returns the rows added."""
        known = {r[0] for r in self.db.execute("SELECT path FROM files")}
        return recover_files(articles_dir, site, known, self.commit, LEDGER_FIELDS)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any failure (a COMMIT that failed on a
        full disk too); SQLite's "database or disk is full" is raised as DiskFull."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            if is_disk_full(exc, self.path.parent):
                raise DiskFull(str(self.path), exc) from exc
            raise


def article_values(row: dict[str, Any]) -> tuple[Any, ...]:
    """A committed row as the values of the articles table, in its columns' order."""
    fetched = _iso(row.get("fetched_at")) or datetime.now(UTC).isoformat()
    return (url_key(row["url"]), row["url"], row.get("site"), fetched, fetched,
            _iso(row.get("published")), row.get("http_etag"), row.get("http_last_modified"),
            row.get("content_hash"), int(row.get("version") or 1), row.get("result_hash"))


def alias_keys(row: dict[str, Any], key: str) -> set[str]:
    """The other keys leading to the article: those of the URL fetched and of the URL
    discovered (before redirects)."""
    spellings = {row.get("fetched_url"), row.get("requested_url")} - {None}
    return {url_key(spelling) for spelling in spellings} - {key}


def lasting_rejects(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reject rows to remember: a lasting reason, but not a not_article the page-type
    detection was unsure of."""
    return [r for r in rows if r.get("reason") in LASTING_REJECTS and r.get("url")
            and not (r.get("reason") == "not_article"
                     and (r.get("page_type_confidence") or 0) >= UNSURE_NOT_ARTICLE)]


def _add_result_hash(db: sqlite3.Connection) -> None:
    """Bring a ledger made before schema 7 up to date (its articles' result_hash null)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    if "result_hash" not in columns:
        db.execute("ALTER TABLE articles ADD COLUMN result_hash TEXT")

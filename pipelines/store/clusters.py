"""The story index: which articles tell one story, across sites and runs.

An embedded SQLite database (WAL) beside the datasets (clusters.sqlite). Each article written is
an entry: its URL key, site, first-seen time, exact key (pipelines/signature.py), MinHash
signature and LSH band hashes (pipelines/store/minhash.py), and the cluster it joined. A new
article joins the cluster of the earliest entry with the same exact key, else of the most
similar entry that shares an LSH band and reaches the threshold, else starts its own cluster.

Bounded: entries first seen more than `window_days` ago are forgotten, and at most `max_entries`
are kept (the oldest go first), so the file holds at most max_entries entries (about 2.1 KB each
with the default parameters: bench/clusters.py measures it) and memory is SQLite's page cache
alone (CACHE_KB, 8 MB).
A missing, corrupt or incompatible file (other num_perm, shingle size or bands) is set aside and
`ClusterIndex.fresh` says so: the caller rebuilds it from the dataset (pipelines/signature.py).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from pipelines import tunables
from pipelines.store.diskfull import is_disk_full
from pipelines.store.minhash import ClusterParams, band_hashes
from pipelines.store.storyindex import Assignment, Story, StoryIndex, epoch, scored
from pipelines.store.urls import url_key

logger = logging.getLogger(__name__)

FORMAT = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,      -- url_key of the article's URL
    url TEXT NOT NULL,
    site TEXT,
    seen REAL NOT NULL,            -- first seen, seconds since the epoch (UTC)
    cluster TEXT NOT NULL,
    exact TEXT,
    signature BLOB
);
CREATE INDEX IF NOT EXISTS entries_exact ON entries (exact);
CREATE INDEX IF NOT EXISTS entries_seen ON entries (seen);
CREATE TABLE IF NOT EXISTS bands (
    hash INTEGER NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (hash, entry)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS clusters (
    id TEXT PRIMARY KEY,
    first_url TEXT NOT NULL,
    first_signature BLOB,
    size INTEGER NOT NULL,
    last_seen REAL NOT NULL,
    agency TEXT,                   -- the first agency a member of another site credited ...
    agency_site TEXT               -- ... and that member's site
);
CREATE INDEX IF NOT EXISTS clusters_last_seen ON clusters (last_seen);
"""
COMMIT_EVERY = 200  # assignments per transaction
# SQLite's page cache, the index's only memory, filled as the index grows: at 32 MB it was most
# of the crawl's growth in RSS (reached after about 15,000 articles). Lookups and band inserts
# land on random pages: one assignment at 100,000 entries costs 0.66 ms with 2 MB (SQLite's
# default), 0.53 ms with 8 MB, 0.49 ms with 16 MB, 0.36-0.40 ms with 32 MB (bench/clusters.py).
CACHE_KB = 8_000


class ClusterIndex(StoryIndex):
    """The story index in `path` (None: in memory, for one run)."""

    format = FORMAT

    def __init__(self, path: Path | str | None, params: ClusterParams | None = None, *,
                 window_days: float = tunables.CLUSTER_WINDOW_DAYS,
                 max_entries: int = tunables.CLUSTER_MAX_ENTRIES) -> None:
        super().__init__(params, window_days, max_entries)
        self.path = Path(path) if path else None
        self.db = self._open()  # fresh: the file was missing, corrupt or incompatible
        self.count = self.db.execute("SELECT count(*) FROM entries").fetchone()[0]
        self.pending = 0
        self.sweep()
        self.commit()

    # -- opening ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            self.fresh = True
            return self._create(":memory:")
        existed = self.path.exists()
        try:
            db = self._create(str(self.path))
            stored = dict(db.execute("SELECT name, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            return self._set_aside(f"unreadable ({exc})")
        if existed and stored and stored != self.meta():
            db.close()
            return self._set_aside(f"made with other parameters {stored}")
        self.fresh = not existed or not stored
        if not stored:
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", self.meta().items())
            db.commit()
        return db

    def _create(self, where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, isolation_level=None if where == ":memory:" else "DEFERRED")
        if where != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        db.executescript(SCHEMA)
        return db

    def _set_aside(self, why: str) -> sqlite3.Connection:
        assert self.path is not None
        aside = self.path.with_name(f"{self.path.name}.{datetime.now(UTC):%Y%m%dT%H%M%S}.bad")
        logger.warning("the story index %s is %s: set aside as %s and rebuilt from the dataset",
                       self.path, why, aside.name)
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{self.path}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        db = self._create(str(self.path))
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", self.meta().items())
        db.commit()
        self.fresh = True
        return db

    # -- assigning ----------------------------------------------------------------------------

    def assign(self, *, url: str, site: str | None, seen: datetime, exact: str | None,
               sig: bytes | None, agency: str | None = None, own_agency: str | None = None,
               cluster: str | None = None) -> Assignment:
        """Add one article and say which story it belongs to. `agency` is the agency the page
        credits, `own_agency` the one the site itself is (its own dispatches are not copies);
        `cluster` forces the cluster (a rebuild from the dataset keeps the written ids)."""
        article = {"url": url, "site": site, "seen": seen, "exact": exact, "sig": sig,
                   "agency": agency, "own_agency": own_agency, "cluster": cluster}
        try:
            return self._assign(**article)
        except sqlite3.Error as exc:
            self._give_up(exc)
            return self._assign(**article)

    def _give_up(self, exc: sqlite3.Error) -> None:
        """The file cannot be written: go on with an index of this run alone, in memory. On a
        full disk the file is also deleted (freeing its space), and the next run rebuilds it
        from the dataset; otherwise (locked, unreadable) it is left as it is."""
        # a full disk is the run's one line on stderr already (crawler/writer.py)
        level = logging.INFO if is_disk_full(exc) else logging.WARNING
        logger.log(level, "the story index %s cannot be written (%s): this run clusters its own"
                   " articles only; the next run rebuilds the index from the dataset",
                   self.path, exc)
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        for suffix in ("", "-wal", "-shm") if self.path and is_disk_full(exc) else ():
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.path = None
        self.db = self._create(":memory:")
        self.count = self.pending = 0

    def _assign(self, *, url: str, site: str | None, seen: datetime, exact: str | None,
                sig: bytes | None, agency: str | None, own_agency: str | None,
                cluster: str | None) -> Assignment:
        key = url_key(url)
        when = epoch(seen)
        prior = self._forget(key)
        said, story = self.decide(
            url, site=site, when=when, sig=sig, agency=agency, own_agency=own_agency,
            forced=cluster, earliest=self._exact_match(exact), prior=prior,
            candidates=self.candidates, story=self._story)
        self.db.execute("INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO "
                        "UPDATE SET size = excluded.size, last_seen = excluded.last_seen, "
                        "agency = excluded.agency, agency_site = excluded.agency_site",
                        (said.cluster_id, story.first_url, story.first_sig, story.size,
                         story.last_seen, story.agency, story.agency_site))
        entry = self.db.execute(
            "INSERT INTO entries (key, url, site, seen, cluster, exact, signature) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, url, site, when, said.cluster_id, exact, sig)).lastrowid
        if sig is not None:
            self.db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)",
                                ((h, entry) for h in band_hashes(sig, self.params)))
        self.count += 1
        self._tick(when, self.count)
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.commit()
        return said

    def _forget(self, key: str) -> str | None:
        """Remove an earlier version's entry of this URL; its cluster, if any."""
        row = self.db.execute("SELECT id, cluster, signature FROM entries WHERE key = ?",
                              (key,)).fetchone()
        if row is None:
            return None
        self._delete(row[0], row[2])
        return row[1]

    def _exact_match(self, exact: str | None) -> tuple[str, str] | None:
        """(url, cluster) of the earliest entry with this exact key."""
        if not exact:
            return None
        return self.db.execute("SELECT url, cluster FROM entries WHERE exact = ? "
                               "ORDER BY seen, id LIMIT 1", (exact,)).fetchone()

    def candidates(self, sig: bytes) -> list[tuple[str, str, float]]:
        """(url, cluster, similarity) of the entries sharing an LSH band with the signature:
        what datasketch's MinHashLSH.query would return, with their similarity."""
        hashes = band_hashes(sig, self.params)
        marks = ",".join("?" * len(hashes))
        return scored(sig, self.db.execute(
            f"SELECT url, cluster, signature FROM entries WHERE id IN "
            f"(SELECT DISTINCT entry FROM bands WHERE hash IN ({marks}))", hashes))

    def _story(self, cluster: str) -> Story | None:
        row = self.db.execute("SELECT first_url, first_signature, size, last_seen, agency, "
                              "agency_site FROM clusters WHERE id = ?", (cluster,)).fetchone()
        return Story(*row) if row else None

    # -- bounds -------------------------------------------------------------------------------

    def _delete(self, entry: int, sig: bytes | None) -> None:
        if sig is not None:
            self.db.executemany("DELETE FROM bands WHERE hash = ? AND entry = ?",
                                ((h, entry) for h in band_hashes(sig, self.params)))
        self.db.execute("DELETE FROM entries WHERE id = ?", (entry,))
        self.count -= 1

    def _drop_oldest(self, how_many: int) -> None:
        rows = self.db.execute("SELECT id, signature FROM entries ORDER BY seen, id LIMIT ?",
                               (how_many,)).fetchall()
        for entry, sig in rows:
            self._delete(entry, sig)
        oldest = self.db.execute("SELECT min(seen) FROM entries").fetchone()[0]
        if oldest is not None:  # clusters all of whose members went
            self.db.execute("DELETE FROM clusters WHERE last_seen < ?", (oldest,))

    def sweep(self) -> int:
        """`expire` relative to the newest entry, at open and close (an hourly run may add
        fewer than EXPIRE_EVERY articles)."""
        try:
            return self._swept(self.db.execute("SELECT max(seen) FROM entries").fetchone()[0])
        except sqlite3.Error as exc:
            self._give_up(exc)
            return 0

    def expire(self, now: datetime) -> int:
        self.since_sweep = 0
        cutoff = epoch(now - self.window)
        rows = self.db.execute("SELECT id, signature FROM entries WHERE seen < ?",
                               (cutoff,)).fetchall()
        for entry, sig in rows:
            self._delete(entry, sig)
        self.db.execute("DELETE FROM clusters WHERE last_seen < ?", (cutoff,))
        return len(rows)

    def commit(self) -> None:
        try:
            if self.db.in_transaction:
                self.db.commit()
        except sqlite3.Error as exc:
            self._give_up(exc)
        self.pending = 0

    def close(self) -> None:
        self.sweep()
        self.commit()
        self.db.close()


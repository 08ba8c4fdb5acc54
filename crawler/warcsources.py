"""Where the WARC files of `akhbar ingest-warc` come from: local paths, http(s) URLs read as a
stream, and the files a `warc.paths(.gz)` listing names (Common Crawl's way to list a crawl)."""

from __future__ import annotations

import gzip
import io
import urllib.request
from collections.abc import Iterator
from typing import IO


def open_source(source: str) -> IO[bytes]:
    """A WARC file's bytes: a local path, or an http(s) URL read as a stream."""
    if source.startswith(("http://", "https://")):
        return urllib.request.urlopen(source, timeout=60)  # noqa: S310 (the user's own URL)
    return open(source, "rb")  # noqa: SIM115 (closed by the caller)


def listing_entries(listing: str, prefix: str | None) -> Iterator[str]:
    """The files a `warc.paths(.gz)` listing names, each joined to `prefix` (default: the
    listing's own folder or URL)."""
    with open_source(listing) as stream:
        data = stream.read()
    if listing.endswith(".gz"):
        data = gzip.decompress(data)
    base = prefix if prefix is not None else listing.rsplit("/", 1)[0] + "/"
    for line in io.StringIO(data.decode("utf-8", "replace")):
        entry = line.strip()
        if entry and not entry.startswith("#"):
            yield entry if entry.startswith(("http://", "https://", "/")) else base + entry

"""Datasets on object storage: PARQUET_DIR (`-o`) may be a URL such as s3://bucket/prefix.

`resolve` turns the output setting into what the store writes to: a plain path or a file:// URL
is a local `Path` (the local code paths, unchanged); any other URL pyarrow's filesystems know
(s3://, gs://, ...) is a `Location`, a path on a `pyarrow.fs.FileSystem` made by
`FileSystem.from_uri`. The endpoint and credentials come from the URL's query
(s3://bucket/prefix?endpoint_override=127.0.0.1:9000&scheme=http) or the standard AWS_*
variables (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...). A Location prints without its query, so
credentials given there stay out of logs and stats.

`upload` publishes a finished local file under its final key so that it appears whole, once, or
not at all. A pyarrow output stream cannot be aborted: an exception while streaming leaves the
stream to its destructor, which *completes* the upload with the bytes sent so far (checked against
S3: a partial object appears). So the file goes first to a hidden key, its size is checked, and
one server-side copy (S3 CopyObject, atomic) makes it appear under its final name; the hidden key
is then deleted. Failures are retried `attempts` times, then raise `UploadFailed`.

Hidden keys live in the dataset's `_uploads/` folder (above the site=/month= partitions):
pyarrow, pandas and Hive-style readers skip folders starting with `_`, and a `**/*.parquet` glob
does not match `NAME.<token>.tmp`. Not beside the final file: deleting a key makes pyarrow leave
an empty "folder/" marker object in its folder, which s3fs-based readers (pandas with
storage_options) then take for a file of the partition and fail on.
"""

from __future__ import annotations

import logging
import posixpath
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow.fs as pafs

logger = logging.getLogger(__name__)

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
UPLOADS = "_uploads"  # the folder of hidden uploads, beside the dataset's partition folders
UPLOAD_ATTEMPTS = 3
STALE_UPLOAD = timedelta(hours=6)  # a hidden upload older than this was left by a dead writer
STATE_HOME = "akhbar-state"  # the local folder of a bucket's state, when STATE_DIR is not given


class UploadFailed(OSError):
    """A file could not be published on object storage (after retries)."""


@dataclass(frozen=True, eq=False)
class Location:
    """A folder or file on a pyarrow filesystem; path-like enough for the store's uses."""

    fs: pafs.FileSystem
    path: str  # inside `fs`: bucket/prefix/...
    scheme: str = "s3"

    def __truediv__(self, part: str) -> Location:
        return self.joinpath(part)

    def joinpath(self, *parts: str) -> Location:
        """This location with `parts` appended (like Path.joinpath)."""
        path = posixpath.join(self.path, *(str(p).strip("/") for p in parts))
        return Location(self.fs, path, self.scheme)

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    @property
    def parent(self) -> Location:
        return Location(self.fs, posixpath.dirname(self.path), self.scheme)

    def with_name(self, name: str) -> Location:
        return self.parent / name

    def relative_to(self, other: Location) -> PurePosixPath:
        """The path below `other` (ValueError when it is not below)."""
        return PurePosixPath(self.path).relative_to(other.path)

    def __str__(self) -> str:
        return f"{self.scheme}://{self.path}"

    def __repr__(self) -> str:
        return f"Location({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


Place = Path | Location


def is_remote(output: str | Path | Location | None) -> bool:
    """Whether the output is on object storage (a URL other than file://)."""
    if isinstance(output, Location):
        return True
    if not isinstance(output, str) or not URL.match(output):
        return False
    return not output.lower().startswith("file://")


def resolve(output: str | Path | Location) -> Place:
    """The local Path or the object-storage Location an output setting names."""
    if isinstance(output, Path | Location):
        return output
    if not URL.match(output):
        return Path(output)
    fs, path = pafs.FileSystem.from_uri(output)
    if isinstance(fs, pafs.LocalFileSystem):
        return Path(path)
    return Location(fs, path.rstrip("/"), output.split("://", 1)[0].lower())


def local_folder(settings: Any) -> Path:
    """Where what stays on this machine goes (ledger, story index, logs, WARC archive, unless
    their own settings say): PARQUET_DIR when it is a folder; for an object-storage URL,
    STATE_DIR, by default akhbar-state/<scheme>/<bucket>/<prefix> in the working directory
    (never a folder named after the URL: its query may hold credentials)."""
    output = resolve(settings.get("PARQUET_DIR") or "output")
    if isinstance(output, Path):
        return output
    return Path(settings.get("STATE_DIR") or Path(STATE_HOME, output.scheme, output.path))


def where(place: Place) -> tuple[str, pafs.FileSystem | None]:
    """(path, filesystem) to hand to pyarrow's readers: filesystem None for a local Path."""
    if isinstance(place, Location):
        return place.path, place.fs
    return str(place), None


def list_files(folder: Location) -> list[pafs.FileInfo]:
    """Every file below `folder` (none when it does not exist)."""
    selector = pafs.FileSelector(folder.path, recursive=True, allow_not_found=True)
    return [i for i in folder.fs.get_file_info(selector) if i.type == pafs.FileType.File]


def read_small(place: Location) -> bytes:
    """The bytes of a small object (OSError when absent)."""
    with place.fs.open_input_stream(place.path) as stream:
        return stream.read()


def write_small(place: Location, data: bytes) -> None:
    """Write a small object in one request (the bytes are buffered, sent on close)."""
    with place.fs.open_output_stream(place.path) as stream:
        stream.write(data)


def upload(local: Path, target: Location, attempts: int = UPLOAD_ATTEMPTS,
           pause: float = 0.5) -> None:
    """Publish a local file as `target`: whole, once, or not at all (see the module's doc)."""
    size = local.stat().st_size
    hidden = uploads_of(target) / f"{target.name}.{secrets.token_hex(4)}.tmp"
    last: Exception | None = None
    try:
        for attempt in range(1, attempts + 1):
            try:
                _send(local, hidden)
                sent = target.fs.get_file_info(hidden.path).size
                if sent != size:
                    raise OSError(f"{sent} of {size} bytes arrived")
                target.fs.copy_file(hidden.path, target.path)
                return
            except OSError as exc:
                last = exc
                logger.warning("uploading %s failed (attempt %d of %d): %s", target, attempt,
                               attempts, exc)
                _delete(hidden)
                if attempt < attempts:
                    time.sleep(pause * attempt)
    finally:
        _delete(hidden)
    raise UploadFailed(f"cannot upload {target} ({size} bytes) after {attempts} attempts: "
                       f"{last}") from last


def uploads_of(target: Location) -> Location:
    """The `_uploads` folder for a file: beside the highest partition folder (key=value) above
    it, so that it is no partition's member."""
    folder = target.parent
    while "=" in folder.name:
        folder = folder.parent
    return folder / UPLOADS


def _send(local: Path, hidden: Location) -> None:
    """Stream the local file to the hidden key (chunked: memory stays bounded)."""
    pafs.copy_files(str(local), hidden.path, source_filesystem=pafs.LocalFileSystem(),
                    destination_filesystem=hidden.fs)


def _delete(place: Location) -> None:
    try:
        place.fs.delete_file(place.path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        logger.warning("cannot delete the hidden upload %s: %s", place, exc)


def sweep_uploads(folder: Location, older_than: timedelta = STALE_UPLOAD) -> int:
    """Delete hidden uploads (_uploads/NAME.tmp) dead writers left under `folder`. Only old
    ones: other workers may be uploading to the same folder right now."""
    cutoff = datetime.now(UTC) - older_than
    stale = [i for i in list_files(folder) if f"/{UPLOADS}/" in i.path
             and i.base_name.endswith(".tmp") and i.mtime is not None and i.mtime < cutoff]
    for info in stale:
        _delete(Location(folder.fs, info.path, folder.scheme))
    if stale:
        logger.warning("%s: removed %d unfinished upload(s) of an interrupted run", folder,
                       len(stale))
    return len(stale)

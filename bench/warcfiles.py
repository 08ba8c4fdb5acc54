"""The WARC reader over WARC/ARC files found elsewhere (other writers' files, a CC-NEWS file):
what each file gives and how fast it reads.

    python bench/warcfiles.py FOLDER [FOLDER ...]

For every file under the folders with `.warc` or `.arc` among its suffixes (`a.warc.gz`,
`b.arc`, `c.warc.gz.bad`), `read_warc` as `akhbar ingest-warc` uses it: records by WARC type,
records left aside (other URI schemes), page records read as pages and the reasons of the
others, CPU-seconds and MB per CPU-second. An exception out of the reader is a failure (the
reader must turn every damage into a reason); the last line counts them. The files stay where
they are: nothing here copies them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.store.warcread import ReadCounts, WarcPage, read_warc  # noqa: E402

SUFFIXES = frozenset({".warc", ".arc"})


def archive_files(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*")
                  if p.is_file() and SUFFIXES & {s.lower() for s in p.suffixes})


def read_one(path: Path) -> tuple[ReadCounts, Counter[str], float, str]:
    """What the reader gives for one file: counts, pages and reasons, CPU-seconds, and the
    exception that escaped it, if any."""
    counts, given = ReadCounts(), Counter[str]()
    started = time.process_time()
    escaped = ""
    try:
        with path.open("rb") as stream:
            for found in read_warc(stream, str(path), counts=counts):
                given["page" if isinstance(found, WarcPage) else found.reason] += 1
    except Exception as exc:  # noqa: BLE001 (what this bench looks for)
        escaped = f"{type(exc).__name__}: {exc}"
    return counts, given, time.process_time() - started, escaped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    files = archive_files(parser.parse_args().folders)
    failures, total_mb, total_cpu = 0, 0.0, 0.0
    for path in files:
        counts, given, cpu, escaped = read_one(path)
        mb = path.stat().st_size / 2**20
        total_mb, total_cpu = total_mb + mb, total_cpu + cpu
        failures += bool(escaped)
        print(f"{path.name}: {mb:.2f} MB, {cpu:.2f} CPU s; records {dict(counts.types)}"
              + (f"; aside {dict(counts.aside)}" if counts.aside else "")
              + f"; given {dict(given)}" + (f"; ESCAPED {escaped}" if escaped else ""))
    rate = total_mb / total_cpu if total_cpu else 0.0
    print(f"# {len(files)} files, {total_mb:.1f} MB, {rate:.1f} MB per CPU-second; "
          f"exceptions out of the reader: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

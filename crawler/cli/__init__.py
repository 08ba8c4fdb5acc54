"""The `akhbar` command line (crawler/cli/main.py), on top of the crawler and its operations."""

from crawler.cli.main import main

__all__ = ["main"]

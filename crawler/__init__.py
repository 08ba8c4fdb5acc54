"""akhbar: the Scrapy project (settings, items, spiders, CLI) of the Arabic news pipeline."""

from __future__ import annotations

__version__ = "0.1.0"

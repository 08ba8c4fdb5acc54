"""Stage 2, dates: the publication and modification instants, Arabic and Hijri forms included
(pipelines/dates/stage.py)."""

from pipelines.dates.stage import dates, parse_date, site_zone

__all__ = ["dates", "parse_date", "site_zone"]

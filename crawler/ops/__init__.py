"""Operations on top of the crawler: health checks of runs and sites, and the report."""

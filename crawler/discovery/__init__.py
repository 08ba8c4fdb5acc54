"""Discovery: feeds, sitemaps and links (feeds.py), which URLs a run fetches (frontier.py) and
the state of each source (sources.py)."""

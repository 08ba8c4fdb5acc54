"""A spider module for tests/test_warc_ingest.py: the bundled site with a site setting changed, as
a maintainer would fix one before running `akhbar reextract` (-s SPIDER_MODULES=tests.warcsites)."""

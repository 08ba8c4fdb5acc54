"""The stages' tunable defaults, one home each: the plain functions use them as their defaults,
and crawler/settings.py exposes them as settings (EXTRACT_MIN_TEXT_CHARS = MIN_TEXT_CHARS ...).
Kept in this import-free module so that reading the settings loads no stage."""

from __future__ import annotations

# extract: a page with less running text than this is not an article
MIN_TEXT_CHARS = 250
# dates: candidates later than fetch time plus this tolerance are not believed
FUTURE_TOLERANCE_HOURS = 26.0
# tag: the languages a body may be detected as (lingua is restricted to these) ...
LANGUAGES = ("ar", "fa", "ur", "en", "fr")
SITE_LANGUAGE = "ar"  # ... a body in another language than the site's is flagged
MIXED_SCRIPT_SHARE = 0.6  # an Arabic body with fewer Arabic letters than this: mixed_script
DIALECT_MAX_SENTENCES = 20  # paragraphs scored per article; a news body says its dialect early
NER_BATCH_SIZE = 32  # sentences per forward pass
NER_MAX_CHARS = 20_000  # the rest of a very long body is not tagged (cost grows with length)
# clustering (pipelines/store/clusters.py): defaults measured by bench/clusters.py --sweep
CLUSTER_SHINGLE_WORDS = 3  # words per shingle of the folded body
CLUSTER_NUM_PERM = 128  # MinHash permutations (signature: 4 bytes each)
CLUSTER_THRESHOLD = 0.4  # estimated Jaccard of shingles from which two bodies are one story
CLUSTER_LSH_THRESHOLD = 0.3  # the LSH bands are tuned to find pairs from this similarity
CLUSTER_MIN_WORDS = 30  # shorter bodies get an exact key only (too few shingles to compare)
CLUSTER_WINDOW_DAYS = 14  # the index forgets articles first seen longer ago than this
CLUSTER_MAX_ENTRIES = 1_000_000  # and keeps at most this many (the oldest go first)

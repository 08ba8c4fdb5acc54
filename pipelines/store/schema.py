"""The columns of akhbar's datasets: one explicit Arrow schema per dataset, and the projection of
an article dict onto it (the same row for Parquet and for `akhbar extract`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from pipelines.store.quality import QUALITY_COUNTERS

SCHEMA_VERSION = "7"  # 4: runs.settings_given; 5: articles.published_confidence, agency;
# 6: articles.cluster_id, similarity, cluster_size, is_wire_copy (content_hash of the body);
# 7: articles and rejects: source, warc_file, warc_offset; articles.result_hash
UTC_TS = pa.timestamp("us", tz="UTC")

# Where a row's page came from (articles and rejects alike)
ARCHIVE_COLUMNS: list[tuple[str, pa.DataType, str]] = [
    ("source", pa.string(), "how the page came: crawl (fetched from the site), warc (read from "
     "a WARC file by `akhbar ingest-warc`) or reextract (a page of output/raw/ run again through "
     "today's stages by `akhbar reextract`); null in rows written before schema 7"),
    ("warc_file", pa.string(), "the WARC file holding the page's response: relative to the "
     "dataset folder for the crawl's own archive (output/raw/, `--save-warc`), else as given to "
     "ingest-warc (a path or URL); null when the page was not archived"),
    ("warc_offset", pa.int64(), "byte offset of the response record in warc_file (the start of "
     "its gzip member: the record can be read alone from there)"),
]
ARCHIVE_FIELDS = tuple(name for name, _, _ in ARCHIVE_COLUMNS)

ARTICLE_COLUMNS: list[tuple[str, pa.DataType, str]] = [
    ("url", pa.string(), "canonical URL of the article (rel=canonical when on the site)"),
    ("fetched_url", pa.string(), "URL that was fetched, after redirects"),
    ("requested_url", pa.string(), "URL as discovered (feed, sitemap, link), before redirects: "
     "the same as fetched_url unless the site redirected it"),
    ("site", pa.string(), "spider name of the site"),
    ("title", pa.string(), "headline, without the site's name"),
    ("title_norm", pa.string(), "headline in search form (see text_norm)"),
    ("text", pa.string(), "body, readable form: one paragraph per line"),
    ("text_norm", pa.string(), "body, search form: no diacritics, unified alef/yeh/teh marbuta, "
     "ASCII digits, Latin case-folded"),
    ("description", pa.string(), "the page's own summary (og:description / meta description)"),
    ("authors", pa.list_(pa.string()), "author names: people, never the site, a section, a "
     "placeholder or an agency"),
    ("agency", pa.string(), "the news agency the page credits (a byline, a credit line, a "
     "dateline such as (أ ش أ)), by its name in pipelines/agencies.tsv; null when none"),
    ("section", pa.string(), "the site's section label as the page gives it"),
    ("keywords", pa.list_(pa.string()), "keywords/tags from the page and its feed/sitemap entry, "
     "cleaned: split, trimmed, de-duplicated, without generic labels or the title cut up"),
    ("image", pa.string(), "lead image URL"),
    ("page_type_confidence", pa.float32(), "how sure page-type detection is that the page is an "
     "article, 0-1: the logistic of its evidence (declared type, URL shape, the site's article "
     "pattern, teaser summaries vs. a body of plain paragraphs); under 0.5 = kept although "
     "unsure (pipelines/extract/pagetype.py)"),
    ("title_source", pa.string(), "where the title was read: h1 (agreeing with a declared title), "
     "jsonld, meta:og:title, title_tag or trafilatura"),
    ("authors_source", pa.string(), "where the authors were read: jsonld, microdata, meta, byline "
     "(element marked as byline), body_byline (a byline line of the body) or trafilatura"),
    ("section_source", pa.string(), "where the section was read: jsonld, microdata, "
     "meta:article:section, breadcrumb, category_label, active_menu or trafilatura"),
    ("language", pa.string(), "detected language of the body (ISO 639-1)"),
    ("arabic_share", pa.float32(), "share of the body's letters that are in Arabic script (0-1)"),
    ("word_count", pa.int32(), "words in the body"),
    ("language_flag", pa.string(), "null when the body is in the site's language; else "
     "<lang>_on_<site lang>_site (fa_on_ar_site: a Persian page on an Arabic site), mixed_script "
     "(Arabic body, under 60% Arabic letters) or undetected"),
    ("section_std", pa.string(), "the section in one taxonomy: politics, economy, sports, "
     "culture, technology, science, health, education, religion, environment, society, opinion, "
     "local (the site's own country), arab, world; from the section label, else the URL"),
    ("countries", pa.list_(pa.string()), "ISO 3166-1 codes of the countries named in title and "
     "body (countries, capitals, major cities, demonyms; offline Arabic gazetteer), most "
     "mentioned first"),
    ("dialect", pa.string(), "camel-tools dialect label of an Arabic body (MSA or a MADAR city "
     "code: CAI, BAG, RIY ...); null when its data is not installed"),
    ("entities", pa.list_(pa.struct([("text", pa.string()), ("label", pa.string()),
                                     ("start", pa.int32()), ("end", pa.int32())])),
     "named entities of the body (camel-tools NER): label LOC, ORG, PERS or MISC, start/end "
     "character offsets in text; null when no NER model is configured"),
    ("published", UTC_TS, "publication instant, UTC"),
    ("published_local", pa.string(), "publication time as ISO 8601 with the offset used"),
    ("published_raw", pa.string(), "the string the publication time was read from"),
    ("published_source", pa.string(), "where it was read: jsonld, meta:<name>, time_element, "
     "feed, sitemap, visible (a date line on the page), url, trafilatura, htmldate"),
    ("modified", UTC_TS, "last modification instant, UTC"),
    ("modified_local", pa.string(), "modification time as ISO 8601 with the offset used"),
    ("modified_raw", pa.string(), "the string the modification time was read from"),
    ("modified_source", pa.string(), "where it was read"),
    ("published_reading", pa.string(), "how the time was read: offset (stated), site_tz (site's "
     "zone, DST applied), utc_assumed (no zone known: flagged), relative (to fetched_at), "
     "local_marked_utc:<how> / unmarked_utc:<how> (machine time re-read: detected from the "
     "visible time or declared by the site), page_offset (site of unknown zone: read in the "
     "offset the page's machine dates state), inferred_day (a UTC time on a site of unknown zone, "
     "shown in the smallest offset that puts it on the day the other evidence states); ',day' "
     "when no time of day was given"),
    ("modified_reading", pa.string(), "how the modification time was read (as published_reading)"),
    ("published_confidence", pa.float32(), "share of the weighed date evidence behind the "
     "publication day (0-1): the reliability weights of the candidates that state that day over "
     "those of all candidates that parse and pass the guards; 1.0 when every source agrees"),
    ("result_hash", pa.string(), "fingerprint of what the stages read from the page (every "
     "column but those of RESULT_EXCLUDED: how and when it was fetched and written, its "
     "version and story): `akhbar reextract` writes a new version when it changes; null in rows "
     "written before schema 7"),
    ("content_hash", pa.string(), "exact key of the body: SHA-1 of its words in a folded form "
     "(no harakat, tatweel or punctuation; alef/yeh/teh marbuta variants and digits unified); "
     "rows of schema 5 and before: SHA-1 of text_norm"),
    ("version", pa.int16(), "1 for the first capture of the article, +1 for each changed re-fetch"),
    ("duplicate_of", pa.string(), "url of the first article seen with the same body (same "
     "content_hash), on any site, in this run or an earlier one within the clustering window; "
     "null when this is the first"),
    ("cluster_id", pa.string(), "the story: articles whose bodies are near-duplicates (MinHash "
     "LSH over word shingles, pipelines/store/clusters.py) share it, across sites and runs within "
     "the window; null when clustering is off"),
    ("similarity", pa.float32(), "estimated Jaccard similarity (0-1) of the body's shingles to "
     "the cluster's first member; 1.0 for the first member"),
    ("cluster_size", pa.int32(), "members of the cluster when the row was written, this one "
     "included (later copies do not update it: count rows by cluster_id for the current size)"),
    ("is_wire_copy", pa.bool_(), "the body is agency copy: the page credits an agency (other than "
     "the site itself), or its cluster has a member of another site that does"),
    ("discovered_via", pa.string(), "feed, sitemap or links"),
    ("http_status", pa.int16(), "HTTP status of the fetched page"),
    ("http_etag", pa.string(), "the response's ETag (for conditional re-fetches)"),
    ("http_last_modified", pa.string(), "the response's Last-Modified header"),
    ("fetched_at", UTC_TS, "when the page was fetched, UTC"),
    *ARCHIVE_COLUMNS,
    ("run_id", pa.string(), "the crawl run that wrote the row"),
    ("month", pa.string(), "partition key: YYYY-MM of `published` (UTC), or of `fetched_at` "
     "when the publication date is unknown"),
]

REJECT_COLUMNS: list[tuple[str, pa.DataType, str]] = [
    ("url", pa.string(), "URL that did not become an article"),
    ("site", pa.string(), "spider name of the site"),
    ("stage", pa.string(), "where it stopped: discover, fetch, parse, extract, dedup ..."),
    ("reason", pa.string(), "short code: http_404, timeout, truncated, not_article ... (each one "
     "explained in docs/robustness.md, Reject reasons)"),
    ("detail", pa.string(), "one line for a person"),
    ("page_type_confidence", pa.float32(), "not_article rejects: how sure page-type detection "
     "was that the page is an article (0-1); one of 0.5 or more (an article that had too little "
     "text) is not skipped by the next runs"),
    ("http_status", pa.int16(), "HTTP status when there was a response"),
    ("fetched_at", UTC_TS, "when it happened, UTC"),
    *ARCHIVE_COLUMNS,
    ("run_id", pa.string(), "the crawl run that wrote the row"),
    ("month", pa.string(), "partition key: YYYY-MM of `fetched_at`"),
]

COUNTS = pa.list_(pa.struct([("key", pa.string()), ("count", pa.int64())]))
RUN_COLUMNS: list[tuple[str, pa.DataType, str]] = [
    ("run_id", pa.string(), "the run (one `akhbar crawl` or `scrapy crawl`)"),
    ("site", pa.string(), "spider name of the site"),
    ("started", UTC_TS, "when the site's crawl started, UTC"),
    ("finished", UTC_TS, "when it ended, UTC"),
    ("finish_reason", pa.string(), "Scrapy's reason: finished, shutdown, closespider_* ..."),
    ("articles", pa.int64(), "article rows written"),
    ("rejects", pa.int64(), "reject rows written"),
    ("reject_reasons", COUNTS, "reject rows by stage/reason"),
    ("known", pa.int64(), "discovered articles the ledger already had (not fetched)"),
    ("unchanged", pa.int64(), "young articles re-fetched and found unchanged"),
    ("sources_unchanged", pa.int64(), "feeds/sitemaps that answered 304 Not Modified"),
    ("discovery_errors", COUNTS, "discovery sources that failed, by reason"),
    ("requests", pa.int64(), "HTTP requests sent"),
    ("response_bytes", pa.int64(), "bytes received"),
    *((q.column, pa.int64(), q.written) for q in QUALITY_COUNTERS),  # no_published ...
    ("versions", pa.string(), "JSON: versions of akhbar, Python and the main dependencies"),
    ("settings", pa.string(), "JSON: the settings and arguments that shaped the run"),
    ("settings_given", pa.string(), "JSON object: the settings given on the command line with "
     "-s NAME=VALUE (akhbar crawl/demo, scrapy crawl), values as given; {} when none; null in "
     "rows of schema version 3 and before"),
    ("month", pa.string(), "partition key: YYYY-MM of `started`"),
]
# Article columns that are not part of what the stages read from a page (result_hash): how and
# when it was fetched and written, the ledger's version and the story index's view of it.
RESULT_EXCLUDED = frozenset({
    "fetched_url", "requested_url", "http_status", "http_etag", "http_last_modified",
    "fetched_at", "discovered_via", *ARCHIVE_FIELDS, "run_id", "month", "version", "result_hash",
    "duplicate_of", "cluster_id", "similarity", "cluster_size", "is_wire_copy",
})
# Columns whose few distinct values are stored once per row group (pandas: category).
DICTIONARY_COLUMNS = frozenset({
    "language", "language_flag", "dialect", "section_std", "published_source",
    "modified_source", "published_reading", "modified_reading", "title_source",
    "authors_source", "section_source", "discovered_via", "source", "stage", "reason",
    "finish_reason",
})
# Hive partition keys of each dataset: folders key=value, not columns of the files.
PARTITIONS = {"articles": ("site", "month"), "rejects": ("site", "month"), "runs": ("month",)}


def _schema(columns: list[tuple[str, pa.DataType, str]], dataset: str) -> pa.Schema:
    fields = [pa.field(name, _stored_type(name, kind), metadata={"description": doc})
              for name, kind, doc in columns]
    return pa.schema(fields, metadata={"akhbar.dataset": dataset,
                                       "akhbar.schema_version": SCHEMA_VERSION})


def _stored_type(name: str, kind: pa.DataType) -> pa.DataType:
    return pa.dictionary(pa.int32(), pa.string()) if (
        name in DICTIONARY_COLUMNS and kind == pa.string()) else kind


ARTICLES = _schema(ARTICLE_COLUMNS, "articles")
REJECTS = _schema(REJECT_COLUMNS, "rejects")
RUNS = _schema(RUN_COLUMNS, "runs")
SCHEMAS = {"articles": ARTICLES, "rejects": REJECTS, "runs": RUNS}


def file_schema(dataset: str) -> pa.Schema:
    """The schema of a dataset's files: its columns less the partition keys (in folder names)."""
    schema = SCHEMAS[dataset]
    for key in PARTITIONS[dataset]:
        schema = schema.remove(schema.get_field_index(key))
    return schema


def project(record: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """The record's values for exactly the schema's columns (missing ones None)."""
    return {name: record.get(name) for name in schema.names}


def month_of(*candidates: datetime | None) -> str:
    """YYYY-MM (UTC) of the first known instant, "unknown" when none is."""
    for when in candidates:
        if when is not None:
            return f"{when.astimezone(UTC):%Y-%m}" if when.tzinfo else f"{when:%Y-%m}"
    return "unknown"


def json_row(record: dict[str, Any], schema: pa.Schema = ARTICLES) -> dict[str, Any]:
    """The row as JSON-ready values: timestamps as ISO 8601 with their offset."""
    row = project(record, schema)
    if "month" in row and row["month"] is None:
        row["month"] = month_of(record.get("published"), record.get("fetched_at"))
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}

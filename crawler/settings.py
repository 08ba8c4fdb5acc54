"""Scrapy settings of akhbar.

Polite defaults for crawling news sites from cron; every akhbar component reads its own settings,
prefixed with the component's name (EXTRACT_*, DATES_*, NORMALIZE_*, TAG_*, DEDUP_*, PARQUET_*).
"""

from __future__ import annotations

from crawler import __version__
from pipelines import tunables
from pipelines.store.objectstore import UPLOAD_ATTEMPTS

BOT_NAME = "akhbar"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Politeness: identify ourselves, obey robots.txt, adapt to the server's speed.
USER_AGENT = f"akhbar/{__version__} (+https://github.com/akhbar-news/akhbar; Arabic news research)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Items handled at once per response. A page yields one article, and Scrapy starts this many
# asyncio tasks for every response whatever it yields: its default (100) cost the reactor thread
# about 100 tasks per page. Pages are handled in parallel across responses anyway.
CONCURRENT_ITEMS = 8
# Pending requests on disk, in a temporary folder of each crawl (crawler/scheduler.py): a large
# sitemap no longer makes memory grow with the site's size. A JOBDIR, when set, is used instead.
SCHEDULER = "crawler.scheduler.SpillingScheduler"
SCHEDULER_SPILL_ENABLED = True
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False  # no control ports opened by a cron job
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformatter.AkhbarLogFormatter"

EXTENSIONS = {
    "crawler.runs.RunRecorder": 500,
    "crawler.logs.Progress": 510,
}

SPIDER_MIDDLEWARES = {
    "crawler.middlewares.RejectOnErrorMiddleware": 25,
}

# Every URL ends with a row (crawler/middlewares.py): redirect loops, offsite redirects, bodies
# cut short or too large are named rejects instead of silent drops or broken articles.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.GuardedRedirectMiddleware": 600,
    "crawler.middlewares.BodyCheckMiddleware": 595,  # before HttpCompressionMiddleware (590)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.GuardedMetaRefreshMiddleware": 580,
    "crawler.archive.WarcSaveMiddleware": 575,  # sees final responses, their bodies decoded
    "crawler.addresses.AddressGuardMiddleware": 960,  # the last before the download handler
}
DOWNLOAD_FAIL_ON_DATALOSS = True  # a body shorter than its Content-Length is a reject

# addresses: only public addresses are connected to (crawler/addresses.py); a refused URL is a
# reject `forbidden_address`. ADDRESSES_ALLOW lists addresses or networks allowed anyway, e.g.
# ["127.0.0.1"] for a site served on this machine (the demo, tests and benchmarks do so).
ADDRESSES_GUARD_ENABLED = True
ADDRESSES_ALLOW: list[str] = []
TWISTED_DNS_RESOLVER = "crawler.addresses.GuardedResolver"  # checks every address connected to

ITEM_PIPELINES = {
    "crawler.poolstage.PoolPipeline": 100,  # with AKHBAR_WORKERS > 0, instead of the next four
    "crawler.stages.ExtractPipeline": 100,
    "crawler.stages.DatesPipeline": 200,
    "crawler.stages.NormalizePipeline": 300,
    "crawler.stages.TagPipeline": 400,
    "crawler.ingest.ArabicOnlyPipeline": 450,  # ingest-warc --all-arabic only
    "crawler.dedupstage.DedupPipeline": 500,
    "crawler.writer.ParquetPipeline": 900,
}

# workers: the CPU stages (extract, dates, normalize, tag) run in this many worker processes
# (crawler/pool.py). None: the environment variable AKHBAR_WORKERS, else one per core; 0: in the
# crawl's own process, as one Scrapy pipeline per stage.
AKHBAR_WORKERS: int | None = None
AKHBAR_WORKER_TIMEOUT = 120.0  # seconds a worker may spend on one page before it is replaced
# what a worker runs on (ChainConfig, page): pipelines.chain.run_in_worker or a function like it
AKHBAR_WORKER_TASK = "pipelines.chain.run_in_worker"

# extract: trafilatura plus the page's structured data.
EXTRACT_MIN_TEXT_CHARS = tunables.MIN_TEXT_CHARS  # less running text: not an article
EXTRACT_INCLUDE_TABLES = True

# dates: candidates later than fetch time plus this tolerance are not believed.
DATES_FUTURE_TOLERANCE_HOURS = tunables.FUTURE_TOLERANCE_HOURS

# tag: the languages the body may be detected as (lingua is restricted to these).
TAG_LANGUAGES = list(tunables.LANGUAGES)
# a body in another language than the site's is flagged (a spider's overrides["language"])
TAG_SITE_LANGUAGE = tunables.SITE_LANGUAGE
TAG_MIXED_SCRIPT_SHARE = tunables.MIXED_SCRIPT_SHARE  # fewer Arabic letters: mixed_script
TAG_KEYWORDS_ENABLED = True  # clean the page's keywords (off: kept as extracted)
TAG_SECTIONS_ENABLED = True  # section_std from the section label / URL (overrides["sections"])
TAG_PLACES_ENABLED = True  # countries from the offline gazetteer (pipelines/tag/data/places.tsv)
# dialect: camel-tools DialectIdentifier, used when its data and the `dialect` extra are
# installed; else the column is null and one line is logged at start-up.
DIALECT_ENABLED = True
DIALECT_DATA_DIR = None  # camel-tools data directory; None: $CAMELTOOLS_DATA, else ~/.camel_tools
DIALECT_MAX_SENTENCES = tunables.DIALECT_MAX_SENTENCES  # paragraphs of the body scored per article
# ner: camel-tools NERecognizer on a local model directory (needs the `ner` extra); None: off.
NER_MODEL_DIR = None
NER_BATCH_SIZE = tunables.NER_BATCH_SIZE  # sentences per forward pass
NER_MAX_CHARS = tunables.NER_MAX_CHARS  # longer bodies: only their first NER_MAX_CHARS
NER_USE_GPU = False

NORMALIZE_ENABLED = True  # off: the text is stored as extracted (no text_norm)

DEDUP_ENABLED = True

# The story index (pipelines/store/clusters.py, SQLite): near-duplicate and wire-copy clusters
# across sites and runs. Off: duplicate_of within the run only, cluster columns null.
CLUSTER_ENABLED = True
CLUSTER_INDEX_PATH = ""  # default: PARQUET_DIR/clusters.sqlite
CLUSTER_THRESHOLD = tunables.CLUSTER_THRESHOLD  # estimated Jaccard from which bodies are one story
CLUSTER_LSH_THRESHOLD = tunables.CLUSTER_LSH_THRESHOLD  # LSH bands tuned to find pairs from here
CLUSTER_SHINGLE_WORDS = tunables.CLUSTER_SHINGLE_WORDS  # words per shingle
CLUSTER_NUM_PERM = tunables.CLUSTER_NUM_PERM  # MinHash permutations
CLUSTER_MIN_WORDS = tunables.CLUSTER_MIN_WORDS  # shorter bodies: exact duplicates only
CLUSTER_WINDOW_DAYS = tunables.CLUSTER_WINDOW_DAYS  # a copy this much later still joins
CLUSTER_MAX_ENTRIES = tunables.CLUSTER_MAX_ENTRIES  # the index's bound (oldest entries go first)

# The URL ledger (SQLite, WAL): what was ingested, so later runs fetch only what is new.
LEDGER_ENABLED = True
LEDGER_PATH = ""  # default: PARQUET_DIR/ledger.sqlite
LEDGER_REFETCH_HOURS = 48  # re-fetch (conditional GET) articles this young to catch updates
LEDGER_RETRY_REJECTS_DAYS = 7  # a page rejected as not_article, 404 ... is left alone this long

# The frontier: per-site cap on article pages fetched per run (0: no cap; -a max_articles=N).
FRONTIER_MAX_ARTICLES = 0

# parquet: where the datasets go and how they are cut.
PARQUET_ENABLED = True
PARQUET_DIR = "output"  # a folder, or an object-storage URL: s3://bucket/prefix?...
# when PARQUET_DIR is a URL, the local folder of what stays on this machine (ledger, story index,
# logs, WARC archive); default akhbar-state/<scheme>/<bucket>/<prefix> (objectstore.local_folder)
STATE_DIR = ""
PARQUET_BATCH_ROWS = 500  # rows buffered (all partitions together) before a row group is written
PARQUET_FILE_ROWS = 20_000  # rows per file before it is closed, renamed and a new one started
PARQUET_COMPRESSION = "zstd"
PARQUET_MAX_OPEN_PARTITIONS = 64  # partition files open at once during a long backfill
# tries of one upload to object storage before the crawl stops (the S3 client retries each
# request too: about 12 s a try when the store does not answer)
PARQUET_UPLOAD_ATTEMPTS = UPLOAD_ATTEMPTS

# the raw archive (crawler/archive.py; `akhbar crawl/demo --save-warc`): each fetched response as
# WARC records under WARC_SAVE_DIR (default PARQUET_DIR/raw), a new file past WARC_FILE_MB;
# `akhbar ingest-warc` and `akhbar reextract` hand at most WARC_IN_FLIGHT pages at a time to the
# stages (crawler/ingest.py)
WARC_SAVE_ENABLED = False
WARC_SAVE_DIR = ""
WARC_FILE_MB = 100.0
WARC_IN_FLIGHT = 32
WARC_ALL_ARABIC = False  # ingest-warc --all-arabic: also the Arabic pages of other sites

# A crawl shared by several workers (crawler/redisscheduler.py, docs/distributed.md): with
# AKHBAR_REDIS_URL (or the environment variable, or `--redis URL`), the request queue, the
# duplicate filter, the URL ledger, the run's membership and the story index live in that Redis,
# under keys starting with AKHBAR_REDIS_PREFIX. Empty: everything stays embedded in PARQUET_DIR.
AKHBAR_REDIS_URL = ""
AKHBAR_REDIS_PREFIX = "akhbar"
AKHBAR_WORKER_ID = ""  # default host-pid; names the worker's files, log and heartbeat
REDIS_LEASE_SECONDS = 60  # a worker silent this long is dead: its requests go back
REDIS_OUTAGE_SECONDS = 30  # Redis away longer than this stops the worker (exit 69)

RUNS_ENABLED = True  # one row per run and site in PARQUET_DIR/runs/
# what `akhbar crawl/demo -s NAME=VALUE` gave (set by the CLI; the runs row records it)
AKHBAR_SETTINGS_GIVEN: dict[str, str] = {}

# logs: one file per run, LOGS_DIR/<run id>.log, at LOGS_LEVEL (stderr keeps LOG_LEVEL).
LOGS_ENABLED = True
LOGS_DIR = "logs"  # a relative folder is taken inside PARQUET_DIR: output/logs/
LOGS_LEVEL = "INFO"
LOGS_KEEP_DAYS = 30  # log files older than this are deleted when a run starts (0: keep all)

# progress: a live status line on stderr (per-site counts, rate), only when stderr is a terminal.
PROGRESS_ENABLED = True
PROGRESS_INTERVAL = 1.0  # seconds between updates

# health: each site's run against its own earlier runs in PARQUET_DIR/runs/ (crawler/ops/health.py).
HEALTH_WINDOW = 24  # earlier finished runs in the rolling baseline
HEALTH_MIN_RUNS = 3  # fewer earlier runs than this: "not enough history", no flags
HEALTH_ZERO_MIN_MEDIAN = 5  # 0 articles is flagged when the baseline median is at least this
HEALTH_DROP_FRACTION = 0.25  # fewer articles than this share of the median is flagged ...
HEALTH_DROP_MIN_MEDIAN = 12  # ... when the median is at least this
HEALTH_RATE_JUMP = 0.25  # share of empty/undated/non-Arabic articles or of a reject reason up
HEALTH_RATE_MIN_COUNT = 3  # this much over the baseline's share, with at least this many rows

"""The scheduler of a crawl shared by several workers on Redis (AKHBAR_REDIS_URL).

scrapy-redis's Scheduler, subclassed where it lags Scrapy 2.13+ and where it loses requests:
- pops are leases (crawler/redisqueue.py): what a worker took comes back if it dies;
- the duplicate filter uses the crawler's request fingerprinter and one set per run
  (crawler/redisdupefilter.py);
- nothing is flushed when a worker closes: the other workers of the run still use the queue;
- a worker does not close while the queue has requests, or another live worker is still busy
  with the same site or holds leases on it (it may yet die and they come back), or a dead
  worker's leases were just requeued;
- leases are settled when the rows of their pages are durable: at the end of a finished crawl,
  and whenever the worker is idle (it asks the writer to publish its open files first, with the
  `make_rows_durable` signal), so that workers waiting for each other's leases do end.

Every second the worker says what `akhbar status` shows of it and requeues the leases of
workers whose heartbeat expired; a thread keeps its heartbeat alive in between
(pipelines/store/redisrun.py). A worker taken for dead stops: what it held went to the others.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis import picklecompat
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler.redisdupefilter import RunDupeFilter
from crawler.redisqueue import LeasedQueue, reap
from pipelines.store.diskfull import DISK_FULL
from pipelines.store.redisconn import (
    REDIS_OUTAGE_SECONDS,
    Keys,
    connect,
    impatient,
    is_outage,
    redis_url,
    shown,
)
from pipelines.store.redisrun import LEASE_SECONDS, ErrorsToRedis, RedisRun

logger = logging.getLogger(__name__)

BEAT_SECONDS = 1.0  # heartbeat period (at most a quarter of the lease): busy flags stay fresh
REDIS_LOST = "akhbar/redis_unavailable"  # stats: why the crawl stopped when Redis went away
STOPPED = "redis_unavailable"  # the finish reason of a crawl whose Redis did not come back
FINISHED = "finished"  # Scrapy's finish reason of a crawl that ran out of requests
TAKEN_FOR_DEAD = "declared_dead"  # the finish reason of a worker another one took for dead
make_rows_durable = object()  # signal: publish the rows written so far (its handlers say True)
_runs: dict[str, RedisRun] = {}  # per process: the spiders of one crawl share a membership


def shared_run(settings: Any) -> RedisRun:
    """This process's membership of the run on the settings' Redis (made once)."""
    url = redis_url(settings)
    if url not in _runs:
        keys = Keys(settings.get("AKHBAR_REDIS_PREFIX") or "akhbar")
        client = connect(url, settings.getfloat("REDIS_OUTAGE_SECONDS", REDIS_OUTAGE_SECONDS))
        _runs[url] = RedisRun(client, keys, settings.get("AKHBAR_WORKER_ID") or None,
                              settings.getfloat("REDIS_LEASE_SECONDS", LEASE_SECONDS))
    return _runs[url]


def join_shared_run(settings: Any, proposed_run_id: str) -> RedisRun:
    """Join (or start) the run on the settings' Redis and set what the crawl's components read
    of it: AKHBAR_RUN_ID, AKHBAR_WORKER_ID, SCHEDULER, and AKHBAR_JOINED_RUN (another worker
    already writes the output: leave its unfinished files alone)."""
    run = shared_run(settings)
    run.join(proposed_run_id)
    quick = RedisRun(impatient(redis_url(settings), 1.0), run.keys, run.worker_id)
    logging.getLogger().addHandler(ErrorsToRedis(quick))
    for name, value in (("AKHBAR_RUN_ID", run.run_id), ("AKHBAR_WORKER_ID", run.worker_id),
                        ("SCHEDULER", f"{__name__}.RedisScheduler"),
                        ("AKHBAR_JOINED_RUN", not run.first)):
        settings.set(name, value, priority="cmdline")
    return run


def leave_shared_run(run: RedisRun) -> None:
    """Leave the run; with Redis gone, the heartbeat expiring says it instead."""
    try:
        run.leave()
    except Exception as exc:
        if not is_outage(exc):
            raise
        logger.error("could not leave run %s on Redis (%s): the other workers see this worker "
                     "gone when its heartbeat expires", run.run_id, exc)


class RedisScheduler(Scheduler):
    """A worker's view of the shared queue (settings: AKHBAR_REDIS_URL, AKHBAR_REDIS_PREFIX,
    AKHBAR_WORKER_ID, REDIS_LEASE_SECONDS)."""

    def __init__(self, crawler: Crawler, run: RedisRun) -> None:
        super().__init__(run.client, persist=True, serializer=picklecompat)
        self.crawler = crawler
        self.stats = crawler.stats
        self.run = run
        self.keys = run.keys
        self.queue: LeasedQueue | None = None
        self._beating: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        if not redis_url(crawler.settings):
            raise NotConfigured("AKHBAR_REDIS_URL is not set")
        scheduler = cls(crawler, shared_run(crawler.settings))
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Any) -> None:
        self.spider = spider
        name = spider.name
        self.queue = LeasedQueue(self.server, spider, self.keys(name, "requests"),
                                 self.serializer, worker_id=self.run.worker_id,
                                 prefix=self.keys(name))
        self.df = RunDupeFilter(self.server, self.keys(name, "seen", self.run.run_id or "solo"),
                                self.crawler.request_fingerprinter, self.stats)
        self.server.sadd(self.keys("worker-sites", self.run.worker_id), name)
        waiting = len(self.queue)
        if waiting:
            logger.info("%s: %d requests already in the shared queue", name, waiting)
        self._busy: bool | None = None
        self._fenced = False
        self._beat(busy=True)  # its start requests are yet to come: the others wait for them
        period = min(BEAT_SECONDS, self.run.lease_seconds / 4)
        self.run.keep_alive(period)
        self._beating = task.LoopingCall(self._beat_safely)
        self._beating.start(period, now=False)

    def enqueue_request(self, request: Request) -> bool:
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except Exception as exc:
            # not lost: the page that found it is still leased, so it is fetched again
            self._lost(exc)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self._fenced:
            return None
        try:
            request = self.queue.pop()
        except Exception as exc:
            self._lost(exc)
            return None
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            if not self._busy:  # said at once: an idle worker must not end the run meanwhile
                self._beat(busy=True)
        return request

    def has_pending_requests(self) -> bool:
        return not self._fenced and len(self.queue) > 0

    def close(self, reason: str) -> None:
        """Settle this worker's leases when every page it took was written (a finished crawl),
        else put them back in the queue for the other workers or the next run."""
        if self._beating is not None and self._beating.running:
            self._beating.stop()
        written = reason == FINISHED and not self.stats.get_value(DISK_FULL)
        try:
            count = self.queue.settle() if written else self.queue.requeue()
            self._beat(busy=False)
        except Exception as exc:
            if not is_outage(exc):
                raise
            logger.error("%s: Redis is gone: this worker's leased requests stay leased and go "
                         "back to the queue when its heartbeat expires (%s)", self.spider.name,
                         exc)
            return
        logger.info("%s: %d leased request(s) %s", self.spider.name, count,
                    "done with" if written else "put back in the shared queue")

    def _lost(self, exc: Exception) -> None:
        """Redis did not come back within the connection's retries: stop this crawl (nothing
        taken is lost: the leases stay in Redis); anything else is raised."""
        if not is_outage(exc):
            raise exc
        if not self.stats.get_value(REDIS_LOST):
            message = f"Redis at {shown(redis_url(self.crawler.settings))} is unavailable: {exc}"
            self.stats.set_value(REDIS_LOST, message)
            logger.error("%s: %s; stopping the crawl", self.spider.name, message)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=STOPPED))

    def spider_idle(self, spider: Any) -> None:
        """Stay while the run may still have work for this site."""
        if self.stats.get_value(REDIS_LOST):
            return
        try:
            self._settle_durable()
            waiting = self._reap() or len(self.queue) or self._others_busy()
        except Exception as exc:
            self._lost(exc)
            return
        if waiting:
            raise DontCloseSpider

    def _settle_durable(self) -> None:
        """Idle: once the writer has published what this worker wrote, its leases are done."""
        if self._fenced or not self.queue.leased():
            return
        answers = self.crawler.signals.send_catch_log(signal=make_rows_durable)
        if all(answer is True for _, answer in answers):
            self.stats.inc_value("akhbar/redis/settled", self.queue.settle())
            self._beat(busy=False)

    def _others_busy(self) -> bool:
        """Another live worker is busy with this site or holds leases on it."""
        busy, leased = f"busy:{self.spider.name}", f"leased:{self.spider.name}"
        for worker in self.run.members():
            if worker != self.run.worker_id:
                info = self.run.info(worker)
                if info.get(busy) == "1" or info.get(leased, "0") != "0":
                    return True
        return False

    def _reap(self) -> int:
        requeued = 0
        for worker in self.run.dead():
            requeued += reap(self.server, self.keys, worker)
        if requeued:
            self.stats.inc_value("akhbar/redis/requeued", requeued)
            logger.warning("%s: %d request(s) of dead workers put back in the queue",
                           self.spider.name, requeued)
        return requeued

    def _beat_safely(self) -> None:
        self.run.progress = time.monotonic()
        try:
            self._beat()
        except Exception as exc:
            self._lost(exc)

    def _beat(self, busy: bool | None = None) -> None:
        engine = self.crawler.engine
        if busy is None:
            busy = _engine_busy(engine)
            if not busy and engine is not None and engine._slot is not None:
                # Scrapy's engine looks at an idle scheduler every 5 s: requests another worker
                # queued are taken now instead, and the end of the others' work seen now
                engine._slot.nextcall.schedule()
        self._busy = busy
        name = self.spider.name
        stats = self.stats
        self.run.beat(name, **{f"busy:{name}": int(busy), f"leased:{name}": self.queue.leased(),
                               f"pages:{name}": stats.get_value("response_received_count", 0),
                               f"items:{name}": stats.get_value("item_scraped_count", 0)})
        if self.run.reaped:
            self._fence()
        elif busy:
            self._reap()

    def _fence(self) -> None:
        """Taken for dead: the requests this worker held are another's now. It takes no more
        and ends its crawl; the writer publishes nothing more (crawler/writer.py) and the
        leases it took since go back to the queue."""
        if self._fenced:
            return
        self._fenced = True
        self.stats.set_value("akhbar/redis/taken_for_dead", 1)
        logger.warning("%s: this worker was taken for dead by another (its heartbeat expired): "
                       "it stops, its requests are the others' now", self.spider.name)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=TAKEN_FOR_DEAD))


def _engine_busy(engine: Any) -> bool:
    """The engine has requests or items in hand (False before it runs and after it stops)."""
    if engine is None or engine._slot is None or engine.scraper.slot is None:
        return False
    return not engine.spider_is_idle()

from __future__ import annotations

from crawler.spiders.alwaha import AlwahaSpider


class AlwahaTokyo(AlwahaSpider):
    """The bundled site, its local times now read in another zone."""

    timezone = "Asia/Tokyo"

"""One module per news site; each defines one NewsSpider subclass with attributes only."""

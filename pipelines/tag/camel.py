"""camel-tools modules that need its data catalogue, imported without ever touching the network.

`camel_tools.data` (imported by camel_tools.ner, .dialectid, .morphology ...) downloads its
catalogue from GitHub at import time when `$CAMELTOOLS_DATA/catalogue.json` is missing, and fails
offline. akhbar imports those modules only when a tagger is configured, and then through
`import_offline`: when the data directory has no catalogue, camel-tools is shown an empty one
shipped with akhbar (pipelines/tag/data/camel/), which is all NERecognizer(model_dir) needs.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path
from types import ModuleType

logger = logging.getLogger(__name__)

ENV = "CAMELTOOLS_DATA"
CATALOGUE = "catalogue.json"
EMPTY_CATALOGUE_DIR = Path(__file__).parent / "data" / "camel"


def data_dir(configured: str | os.PathLike[str] | None = None) -> Path:
    """Where camel-tools data lives: the setting, else $CAMELTOOLS_DATA, else ~/.camel_tools."""
    return Path(configured or os.environ.get(ENV) or Path.home() / ".camel_tools").expanduser()


def explicitly_configured(configured: str | os.PathLike[str] | None = None) -> bool:
    """True when a person pointed akhbar at camel-tools data (setting or $CAMELTOOLS_DATA)."""
    return bool(configured or os.environ.get(ENV))


def has_catalogue(directory: Path) -> bool:
    return (directory / CATALOGUE).is_file()


def import_offline(module: str, directory: Path | None = None) -> ModuleType:
    """Import a camel_tools module that pulls in camel_tools.data, never letting it download."""
    if "camel_tools.data" not in sys.modules:
        directory = directory or data_dir()
        target = directory if has_catalogue(directory) else EMPTY_CATALOGUE_DIR
        if target == EMPTY_CATALOGUE_DIR:
            logger.debug("no camel-tools catalogue in %s: using akhbar's empty one", directory)
        previous = os.environ.get(ENV)
        os.environ[ENV] = str(target)
        try:
            importlib.import_module("camel_tools.data")
        finally:
            if previous is None:
                os.environ.pop(ENV, None)
            else:
                os.environ[ENV] = previous
    return importlib.import_module(module)

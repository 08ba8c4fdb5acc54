from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus (real pages with gold); absent on a user's fresh clone."""
    if not (SHARED_CORPUS / "pages").is_dir():
        pytest.skip(f"../shared/corpus is not here ({SHARED_CORPUS}): real-page checks skipped")
    return SHARED_CORPUS


from tests.redisserver import redis_server  # noqa: E402, F401 (a fixture of every test module)

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).parents[2].parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only data folder next to the repository; tests that need it skip without it."""
    if not (SHARED / "data" / "anercorp" / "anercorp_train.conll").is_file():
        pytest.skip(f"../shared data not available at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def tagger():
    from rasd.entities.stage import get_tagger

    return get_tagger()

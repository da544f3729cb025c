"""Fixtures of the parallel and backfill tests (helpers in backfill_fixtures.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import backfill_fixtures as fx  # noqa: E402


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    return fx.make_inputs(tmp_path)

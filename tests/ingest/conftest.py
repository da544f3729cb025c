"""Fixtures of the ingestion tests: small hand-written files, and the seed read at run time."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seed" / "000_6601d6410543281b.txt"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent: ../shared (read-only project data) is not on this machine")
    return SEED.read_text(encoding="utf-8")

"""Shared test fixtures. Data from ../shared is read at run time, never copied here."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_6601d6410543281b.txt"
SCHEMA = SHARED / "contract" / "analysis.schema.json"


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here: ../shared (the project's read-only data) is absent on this machine")
    return path


@pytest.fixture
def seed_path() -> Path:
    return need_shared(SEED)


@pytest.fixture
def schema() -> dict:
    import json

    return json.loads(need_shared(SCHEMA).read_text(encoding="utf-8"))


@pytest.fixture
def shared_data() -> Path:
    return need_shared(SHARED / "data")

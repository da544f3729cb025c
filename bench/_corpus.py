"""Shared helpers for the benchmarks: read the first N ANT articles as contract records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

ANT_FULL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz"


def ant_records(limit: int, path: Path = ANT_FULL) -> list[dict]:
    """ANT articles as JSON Lines records of the input contract (time → published)."""
    if not path.exists():
        raise SystemExit(f"{path} not found: the benchmarks need ../shared beside the checkout")
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            raw = json.loads(line)
            records.append({"id": raw["docno"], "url": raw.get("url"), "title": raw.get("title"),
                            "published": raw.get("time"), "text": raw["text"], "outlet": raw.get("source")})
            if len(records) >= limit:
                break
    return records

"""Shared helpers of the store tests (imported by path: the tests run in importlib mode).

The articles are the fixture articles written for these tests (data/store_articles.jsonl).
The store's tests read their analysis as rasd printed it (data/store_articles.analysed.jsonl,
contract JSON made by `rasd analyze` from those texts; the fourth record is the first text
under a second outlet), so that they test the store, not the models of the day: a model
being retrained leaves them green. test_rows.py and the CLI tests run the real pipeline."""

from __future__ import annotations

import json
import random
from functools import lru_cache
from pathlib import Path

from rasd.model import Article
from rasd.store.rows import article_from_contract

FIXTURES = Path(__file__).parent / "data" / "store_articles.jsonl"
# Words for the filler paragraph of synthetic variants: random runs of them share few
# 5-word shingles, so the variants are distinct articles to the near-duplicate check too.
FILLER = ("الحكومة", "المدينة", "الاقتصاد", "الوزارة", "المجلس", "الشركة", "البرلمان", "الجامعة",
          "المستشفى", "المطار", "الميناء", "السوق", "المصرف", "الجيش", "الشرطة", "المحكمة", "النقابة",
          "اللجنة", "البلدية", "المدرسة", "المصنع", "الحزب", "الوكالة", "الصحيفة", "القناة", "المنظمة",
          "الاتحاد", "الرابطة", "الجمعية", "المؤسسة", "الهيئة", "الإدارة", "الدائرة", "المحافظة")


ANALYSED = Path(__file__).parent / "data" / "store_articles.analysed.jsonl"


@lru_cache(maxsize=1)
def _records() -> tuple[str, ...]:
    return tuple(line for line in ANALYSED.read_text(encoding="utf-8").splitlines() if line.strip())


def analysed() -> tuple[Article, ...]:
    """The four fixture articles, fresh objects on each call (tests may change them)."""
    return tuple(article_from_contract(json.loads(line)) for line in _records())


def contract_records() -> list[dict]:
    return [json.loads(line) for line in _records()]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def variants(records: list[dict], count: int, seed: int = 7) -> list[Article]:
    """`count` distinct articles: copies of the records under new ids, each with its own
    filler paragraph after the text (offsets of the analysis stay valid)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        record = json.loads(json.dumps(records[i % len(records)]))
        filler = " ".join(rng.choice(FILLER) for _ in range(60))
        record["article"]["id"] = f"variant-{i:05d}"
        record["article"]["text"] += "\n" + filler
        out.append(article_from_contract(record))
    return out

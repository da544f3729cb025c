"""Read the text fields of an unlabeled news corpus (JSON Lines, optionally gzipped),
for training statistics: word counts, word classes."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path


def iter_corpus_texts(path: str | Path, limit: int | None = None, fields: tuple[str, ...] = ("title", "text")) -> Iterator[str]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # training statistics tolerate a damaged line; ingestion reports them
            yield "\n".join(str(record[f]) for f in fields if record.get(f))

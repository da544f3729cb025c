"""Gold files: the seed annotation (one article, quotations as strings) and the news-gold
dev set (a list of articles with offsets into the ANT corpus body text). Both load into
the same typed documents; the format is detected from the file's shape."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasd.errors import Code, RasdError

SEED_FORMAT = "seed"
DEV_FORMAT = "news-gold"
# Where the dev gold's articles are, relative to the shared data folder; the sample holds
# them all and is read first because it is ten times smaller.
ANT_CORPORA = (
    ("ant-corpus-multisource-sample", "ant_multisource_politics_sample.jsonl.gz"),
    ("ant-corpus-multisource-full", "ant_multisource_all.jsonl.gz"),
)


@dataclass(frozen=True, slots=True)
class GoldQuote:
    content: str
    start: int | None  # offsets into the gold document's text, when the gold gives them
    end: int | None
    kind: str
    cue: str
    speaker: str | None
    anonymous: bool
    via: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated article. `raw` is the text to analyse; `body_only` says whether it is
    the body alone (analyse as is, offsets align) or a scraped page (ingest it first)."""

    id: str
    raw: str
    body_only: bool
    record: dict[str, Any]  # the annotation as read, for the steps that need more of it
    quotes: tuple[GoldQuote, ...]
    outlet: str | None = None  # who published it (a via to the publisher itself is no via)


def detect_format(data: Any) -> str:
    if isinstance(data, dict) and "document" in data and "quotes" in data:
        return SEED_FORMAT
    if isinstance(data, list) and all(isinstance(d, dict) and "docno" in d for d in data):
        return DEV_FORMAT
    raise RasdError(Code.E015_BAD_DATA_FILE, "not a seed gold object nor a news-gold list of {docno: ...}")


def _seed_quote(q: dict[str, Any]) -> GoldQuote:
    return GoldQuote(q["content"], None, None, q.get("kind", ""), q.get("cue", ""), q.get("speaker"),
                     bool(q.get("anonymous", False)), tuple(q.get("via") or ()))


def _dev_quote(q: dict[str, Any]) -> GoldQuote:
    return GoldQuote(q["content"], q["content_start"], q["content_end"], q.get("kind", ""), q.get("cue", ""),
                     q.get("speaker"), bool(q.get("speaker_anonymous", False)), tuple(q.get("via") or ()))


def _seed_documents(path: Path, data: dict[str, Any]) -> list[GoldDocument]:
    text_path = path.parent / data["document"]
    if not text_path.exists():
        raise RasdError(Code.E008_NOT_FOUND, f"{text_path} (the article the seed gold annotates)")
    raw = text_path.read_text(encoding="utf-8")
    return [GoldDocument(Path(data["document"]).stem, raw, False, data,
                         tuple(_seed_quote(q) for q in data.get("quotes", [])),
                         (data.get("metadata") or {}).get("outlet"))]


def iter_corpus_records(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def find_bodies(docnos: Iterable[str], shared_data: Path) -> dict[str, dict[str, Any]]:
    """The record (`text`, `source`, ...) of each ANT article named, read from the corpora in ANT_CORPORA."""
    wanted, found = set(docnos), {}
    for folder, name in ANT_CORPORA:
        path = shared_data / folder / name
        if not wanted - found.keys() or not path.exists():
            continue
        for record in iter_corpus_records(path):
            if record.get("docno") in wanted:
                found[record["docno"]] = record
                if not wanted - found.keys():
                    break
    return found


def _dev_documents(data: list[dict[str, Any]], shared_data: Path) -> list[GoldDocument]:
    missing = [d["docno"] for d in data if "text" not in d]
    bodies = find_bodies(missing, shared_data) if missing else {}
    docs = []
    for entry in data:
        corpus = bodies.get(entry["docno"], {})
        text = entry.get("text") or corpus.get("text")
        if text is None:
            raise RasdError(Code.E008_NOT_FOUND, f"article {entry['docno']} in {shared_data} (ANT corpus)")
        docs.append(GoldDocument(entry["docno"], text, True, entry,
                                 tuple(_dev_quote(q) for q in entry.get("quotes", [])),
                                 entry.get("source") or corpus.get("source")))
    return docs


def default_shared_data(gold_path: Path) -> Path:
    """../shared/data for a gold file anywhere under ../shared."""
    for parent in gold_path.resolve().parents:
        if (parent / "data").is_dir() and (parent / "seed").is_dir():
            return parent / "data"
    return gold_path.resolve().parent.parent


def load_gold(path: str | Path, shared_data: Path | None = None) -> list[GoldDocument]:
    path = Path(path)
    if not path.exists():
        raise RasdError(Code.E008_NOT_FOUND, str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    if detect_format(data) == SEED_FORMAT:
        return _seed_documents(path, data)
    return _dev_documents(data, shared_data or default_shared_data(path))


# The project's read-only data beside a checkout (../shared); absent on an installed copy.
SHARED_DIR = Path(__file__).resolve().parents[4] / "shared"
SHARED_DATA = SHARED_DIR / "data"
NEWS_ANNOTATED = "news-annotated"
SPLITS = ("train", "dev", "test")


def split_path(split: str, shared_data: Path | None = None) -> Path:
    """The file of one split of the annotated news articles (train, dev or test)."""
    if split not in SPLITS:
        raise RasdError(Code.E012_BAD_SETTING, f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    return (shared_data or SHARED_DATA) / NEWS_ANNOTATED / f"{split}.json"


def load_split(split: str, shared_data: Path | None = None) -> list[GoldDocument]:
    """The annotated news articles of one split, as gold documents (body text, offsets align)."""
    return load_gold(split_path(split, shared_data), shared_data or SHARED_DATA)

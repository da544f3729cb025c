"""An Arabic-aware inverted index kept in the store's own DuckDB tables.

Terms. Every word of an article's text becomes one term: the token layer's clitic analysis
(`rasd.text.tokens.analyse_clitics`, the same lexicon-checked split the pipeline uses) peels
the proclitics و ف ب ل ك س and the pronoun suffixes, the article ال / لل goes too, and the
stem is folded to its matching form (`rasd.text.normalize.normalize_word`: أ إ آ ٱ → ا,
ى → ي, ة → ه, harakat and tatweel dropped). So `واشنطن`, `وواشنطن`, `لواشنطن` and `بواشنطن`
are one term, while `واشنطنية` (an adjective, a word of its own) is another. The query side
runs the same function (`index_terms`), so a query word and the words it should find meet
on the same term. Latin words are lower-cased, digits kept as they are.

Tables (`DDL`):
- `text_docs(doc, article_id, tokens)`: a small integer key per indexed article, so that the
  postings carry 4 bytes instead of an id string.
- `text_terms(term_id, term)`: the dictionary. `term_id` is the first 8 bytes of the term's
  BLAKE2b digest, so a batch computes its ids without reading the dictionary and a query
  without a lookup; the dictionary is there for people (and listings of the vocabulary).
- `text_postings(term_id, doc, pos, start)`: one row per word: its ordinal in the article
  (`pos`; the next word of a phrase is at pos + 1) and its character offset into
  `articles.text` (`start`, for highlighting and for the spans below).
- `text_spans(doc, kind, item_id, span_start, span_end)`: the stretches of an article that
  quotations and events are searched in: a quotation's content, an event's evidence (the
  sentence of its trigger) and its place, and the mentions of speakers, sources and targets
  that are linked to no actor (a linked one is found by its actor's name, `text_names`). A quotation's words are the postings of its article inside its span, so quotes
  and events are searched through the one article index instead of a second copy of their
  text (quote content and event sentences are parts of the article text).
- `text_names(doc, actor_id, term_id)`: the terms of each actor's name, for "events whose
  source is ترامب" when the mention itself says الرئيس الأمريكي.
- `text_state(key, value)`: how many postings rows are sorted (see below).

The index on the term. A term's postings are found through DuckDB's zone maps (min/max of
each column per row group of 122,880 rows): `text_postings` is kept sorted by `term_id`, so
`WHERE term_id = ?` reads one row group of the sorted part (EXPLAIN ANALYZE: "Row Groups
Scanned: 1 / 66" on 8 M sorted postings, ~1 ms) instead of all of them; after a plain import
of the 31k ANT articles, 31 of 67 (the unsorted tail; `compact` makes it 1). Batches append unsorted rows
at the end; when that tail outgrows the sorted part (and `COMPACT_MIN_TAIL` rows), the table
is rewritten in term order inside the same write transaction (geometric growth: each row is
rewritten O(log n) times; 8 M rows sort in ~2 s). `compact(conn)` sorts everything at once
(after a bulk import). An ART index on `term_id` was measured first and rejected: it answered
a lookup in 3 ms against 16 ms for a full scan of 8 M rows, but cost 0.37 ms per article
on insert (10,000 ANT articles: 6.6 s with it, 2.9 s without), which alone would have kept
the store under its 2,000 articles/s load target.

Why this engine. DuckDB's own full-text extension (`fts`) is downloaded on first use, which
an offline install cannot do (and it rebuilds its index over the whole table, no incremental
update). SQLite FTS5 is in the standard library, but it is a second database file beside
the DuckDB store: its writes would be a second transaction that a crash can separate from the
store's (a batch all in or all out would no longer cover the index), every search joining
index hits to events, actors and dates would cross two engines in Python, and its tokenizers
know nothing of Arabic clitics (the terms would still have to be made here). tantivy
(tantivy-py) has the same two-files problem, plus a native wheel to trust. Tables in the store
itself are written in the store's own transaction, exported and migrated with it, and joined
to the other tables by DuckDB's optimiser; the Arabic analysis is rasd's own in every case.
Measured against FTS5 on the same terms (`python bench/bench_store.py --jsonl F --fts5`, all
31,523 analysed ANT articles, loaded 2-core machine): indexing 19.8 s (DuckDB tables) against
32.4 s (FTS5), 110 MB against 133 MB; a bare lookup is far faster in FTS5 (a word: 0.1 ms
against 15 ms; a phrase: 0.5 ms against 25 ms), but a search's time goes mostly to reading the
hits' events, actors and text (27-130 ms a query at 31k), which FTS5 would not do for it.
FTS5's lookup speed is what this choice gives up, for one file and one transaction.
Load and query figures: `python bench/bench_store.py`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rasd.store.rows import ArticleRows
from rasd.text.normalize import normalize_word
from rasd.text.tokens import ARABIC_LETTERS, ARABIC_MARKS, analyse_clitics

DOCS_TABLE = "text_docs"
TERMS_TABLE = "text_terms"
POSTINGS_TABLE = "text_postings"
SPANS_TABLE = "text_spans"
NAMES_TABLE = "text_names"
STATE_TABLE = "text_state"
SORTED_KEY = "sorted_postings"
# Span kinds (text_spans.kind); item_id is the quote's or the event's id.
SPAN_QUOTE = "quote"  # a quotation's content
SPAN_SPEAKER = "speaker"  # the mention of its speaker
SPAN_EVENT = "event"  # the sentence of an event's trigger: its evidence
SPAN_SOURCE = "source"  # the mention of an event's source actor
SPAN_TARGET = "target"  # ... of its target actor
SPAN_PLACE = "place"  # ... of its location

DDL: list[str] = [
    f"CREATE TABLE IF NOT EXISTS {DOCS_TABLE} (doc INTEGER NOT NULL, article_id VARCHAR NOT NULL, "
    "tokens INTEGER NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {TERMS_TABLE} (term_id BIGINT NOT NULL, term VARCHAR NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {POSTINGS_TABLE} (term_id BIGINT NOT NULL, doc INTEGER NOT NULL, "
    "pos INTEGER NOT NULL, start INTEGER NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {SPANS_TABLE} (doc INTEGER NOT NULL, kind VARCHAR NOT NULL, "
    "item_id VARCHAR NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {NAMES_TABLE} (doc INTEGER NOT NULL, actor_id VARCHAR NOT NULL, "
    "term_id BIGINT NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (key VARCHAR NOT NULL, value BIGINT NOT NULL)",
]

# A word as the tokenizer sees it (letters, then letters and marks), or a run of Latin
# letters or digits. Punctuation and symbols are not terms.
WORD = re.compile(rf"[{ARABIC_LETTERS}][{ARABIC_LETTERS}{ARABIC_MARKS}]*|[A-Za-z\u00C0-\u024F]+|\d+")
WORD_SPLIT = re.compile(f"({WORD.pattern})")
ARTICLE = "ال"
# A stem keeps at least this many letters once the article is gone.
MIN_STEM_AFTER_ARTICLE = 2
TERM_ID_BYTES = 8
# Distinct surface forms remembered (form -> term id); 31k news articles have ~250k.
FORM_CACHE_SIZE = 1_000_000
# The unsorted tail of text_postings may reach this many rows (~8,000 articles; a full scan
# of it takes a few ms) before the table is rewritten in term order.
COMPACT_MIN_TAIL = 2_000_000


# --- terms --------------------------------------------------------------------------------


@lru_cache(maxsize=FORM_CACHE_SIZE)
def term_of(word: str) -> str:
    """The index term of one word (see the module docstring)."""
    if not ("\u0600" <= word[0] <= "\u06ff"):
        return word.lower()
    split = analyse_clitics(word)
    stem = normalize_word(word[split.prefix_len: len(word) - split.suffix_len])
    if split.has_article and stem.startswith(ARTICLE) and len(stem) - len(ARTICLE) >= MIN_STEM_AFTER_ARTICLE:
        stem = stem[len(ARTICLE):]
    return stem


def term_id(term: str) -> int:
    """A stable 64-bit id of a term (signed, for DuckDB's BIGINT), the same in every process."""
    digest = hashlib.blake2b(term.encode("utf-8", "surrogatepass"), digest_size=TERM_ID_BYTES).digest()
    return int.from_bytes(digest, "little", signed=True)


def index_terms(text: str) -> list[str]:
    """The terms of `text` in order, one per word: what a query word is looked up as."""
    return [term_of(w) for w in WORD.findall(text)]


def query_term_ids(text: str) -> list[int]:
    """Term ids of a query's words, in order (a phrase may repeat a word)."""
    return [term_id(t) for t in index_terms(text)]


# Surface form -> term id, and term id -> term, of every word this process has indexed: the
# clitic analysis of a form (~8 µs) is paid once, a dict lookup (~50 ns) every other time.
_FORM_IDS: dict[str, int] = {}
_TERMS: dict[int, str] = {}


def _learn_forms(forms: Iterable[str]) -> None:
    if len(_FORM_IDS) > FORM_CACHE_SIZE:
        _FORM_IDS.clear()
        _TERMS.clear()
    for form in forms:
        term = term_of(form)
        ident = term_id(term)
        _FORM_IDS[form] = ident
        _TERMS[ident] = term


def _words(texts: list[str]):
    """Every word of `texts`: (term ids, ordinals, char offsets, words per text), numpy arrays.

    `re.split` with a capturing group gives gap, word, gap, ..., word, gap: a word's offset is
    the summed length of what precedes it, computed with numpy instead of a match object per
    word (about twice as fast as `finditer` on news text)."""
    import numpy as np

    words: list[str] = []
    lengths: list[int] = []
    counts: list[int] = []
    split = WORD_SPLIT.split
    for text in texts:
        parts = split(text)
        words.extend(parts[1::2])
        lengths.extend(map(len, parts))
        counts.append(len(parts) // 2)
    ids = list(map(_FORM_IDS.get, words))
    if None in ids:
        known = _FORM_IDS
        _learn_forms([w for w in set(words) if w not in known])
        ids = list(map(_FORM_IDS.__getitem__, words))
    n_words = np.asarray(counts, dtype=np.int64)
    if not words:
        empty = np.zeros(0, np.int64)
        return empty, empty.astype(np.int32), empty.astype(np.int32), n_words
    part_len = np.asarray(lengths, dtype=np.int64)
    ends = np.cumsum(part_len)  # running end offset of each part, over all texts
    part_base = np.concatenate(([0], np.cumsum(2 * n_words + 1)[:-1]))  # each text's first part
    word_base = np.concatenate(([0], np.cumsum(n_words)[:-1]))  # each text's first word
    ordinal = np.arange(len(words), dtype=np.int64) - np.repeat(word_base, n_words)
    first_part = np.repeat(part_base, n_words)
    part = first_part + 1 + 2 * ordinal  # each word's index among the parts
    text_start = np.concatenate(([0], ends))[first_part]
    starts = ends[part] - part_len[part] - text_start
    return np.asarray(ids, dtype=np.int64), ordinal.astype(np.int32), starts.astype(np.int32), n_words


# --- writing ------------------------------------------------------------------------------


def _scalar(conn, sql: str, params: Sequence = ()) -> object:
    rows = conn.execute(sql, list(params)).fetchall()
    return rows[0][0] if rows else None


def _next_doc(conn) -> int:
    return _scalar(conn, f"SELECT coalesce(max(doc), 0) + 1 FROM {DOCS_TABLE}")


def _spans(rows: ArticleRows) -> list[tuple[str, str, int, int]]:
    """(kind, item id, start, end) of the stretches its quotes and events are searched in."""
    out = []
    for q in rows.quotes:
        out.append((SPAN_QUOTE, q.id, q.content_start, q.content_end))
        if q.speaker_start is not None and q.speaker_actor is None:
            out.append((SPAN_SPEAKER, q.id, q.speaker_start, q.speaker_end))
    if rows.events:
        sentences = json.loads(rows.article.sentences or "[]")
        for e in rows.events:
            if 0 <= e.sentence < len(sentences):
                out.append((SPAN_EVENT, e.id, sentences[e.sentence][0], sentences[e.sentence][1]))
            else:  # no sentence list: the trigger is the evidence
                out.append((SPAN_EVENT, e.id, e.trigger_start, e.trigger_end))
            for kind, start, end, actor in ((SPAN_SOURCE, e.source_start, e.source_end, e.source_actor),
                                            (SPAN_TARGET, e.target_start, e.target_end, e.target_actor),
                                            (SPAN_PLACE, e.location_start, e.location_end, None)):
                if start is not None and actor is None:
                    out.append((kind, e.id, start, end))
    return out


def _insert(conn, name: str, table) -> None:
    if not table.num_rows:
        return
    view = f"_rasd_ti_{name}"
    conn.register(view, table)
    try:
        if name == TERMS_TABLE:  # only the terms the dictionary does not have yet
            conn.execute(f"INSERT INTO {TERMS_TABLE} SELECT n.term_id, n.term FROM {view} n "
                         f"ANTI JOIN {TERMS_TABLE} t ON t.term_id = n.term_id").fetchall()
        else:
            conn.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {view}").fetchall()
    finally:
        conn.unregister(view)


def index_articles(conn, batch: list[ArticleRows]) -> None:
    """Index the text of a batch of stored articles (inside the caller's transaction)."""
    import numpy as np
    import pyarrow as pa

    if not batch:
        return
    first = _next_doc(conn)
    docs = np.arange(first, first + len(batch), dtype=np.int32)
    ids, ordinal, starts, n_words = _words([rows.article.text for rows in batch])
    span_cols: tuple[list, ...] = ([], [], [], [], [])
    actor_docs, actor_ids, names = [], [], []
    for doc, rows in zip(docs.tolist(), batch, strict=True):
        for kind, item, start, end in _spans(rows):
            for col, value in zip(span_cols, (doc, kind, item, start, end), strict=True):
                col.append(value)
        for actor in rows.actors:
            actor_docs.append(doc)
            actor_ids.append(actor.id)
            names.append(actor.name or "")
    name_ids, _, _, name_words = _words(names)
    distinct = np.unique(np.concatenate((ids, name_ids)))
    _insert(conn, DOCS_TABLE, pa.table({
        "doc": docs, "article_id": pa.array([r.article.id for r in batch], pa.string()),
        "tokens": n_words.astype(np.int32)}))
    _insert(conn, POSTINGS_TABLE, pa.table({
        "term_id": ids, "doc": np.repeat(docs, n_words), "pos": ordinal, "start": starts}))
    _insert(conn, TERMS_TABLE, pa.table({
        "term_id": distinct, "term": pa.array([_TERMS[i] for i in distinct.tolist()], pa.string())}))
    _insert(conn, SPANS_TABLE, pa.table({
        "doc": pa.array(span_cols[0], pa.int32()), "kind": pa.array(span_cols[1], pa.string()),
        "item_id": pa.array(span_cols[2], pa.string()), "span_start": pa.array(span_cols[3], pa.int32()),
        "span_end": pa.array(span_cols[4], pa.int32())}))
    _insert(conn, NAMES_TABLE, pa.table({
        "doc": np.repeat(np.asarray(actor_docs, dtype=np.int32), name_words),
        "actor_id": pa.array(np.repeat(np.asarray(actor_ids, dtype=object), name_words).tolist(), pa.string()),
        "term_id": name_ids}))
    _maybe_compact(conn)


def delete_articles(conn, article_ids: Sequence[str]) -> None:
    """Remove these articles from the index (the dictionary keeps its terms)."""
    import pyarrow as pa

    if not article_ids:
        return
    conn.register("_rasd_ti_ids", pa.table({"id": pa.array(list(article_ids), pa.string())}))
    try:
        docs = [r[0] for r in conn.execute(
            f"SELECT doc FROM {DOCS_TABLE} WHERE article_id IN (SELECT id FROM _rasd_ti_ids)").fetchall()]
    finally:
        conn.unregister("_rasd_ti_ids")
    if not docs:
        return
    conn.register("_rasd_ti_docs", pa.table({"doc": pa.array(docs, pa.int32())}))
    try:
        for table in (POSTINGS_TABLE, SPANS_TABLE, NAMES_TABLE, DOCS_TABLE):
            conn.execute(f"DELETE FROM {table} WHERE doc IN (SELECT doc FROM _rasd_ti_docs)").fetchall()
    finally:
        conn.unregister("_rasd_ti_docs")


# --- keeping the postings in term order ---------------------------------------------------


def _sorted_rows(conn) -> int:
    value = _scalar(conn, f"SELECT value FROM {STATE_TABLE} WHERE key = ?", [SORTED_KEY])
    return int(value or 0)


def _maybe_compact(conn) -> None:
    total = _scalar(conn, f"SELECT count(*) FROM {POSTINGS_TABLE}")
    sorted_rows = min(_sorted_rows(conn), total)
    if total - sorted_rows >= max(COMPACT_MIN_TAIL, sorted_rows):
        compact(conn)


def compact(conn) -> None:
    """Rewrite text_postings in term order, so that a term's postings lie in one or two row
    groups that the zone maps find (run inside or outside a transaction)."""
    tmp = f"{POSTINGS_TABLE}_sorting"
    conn.execute(f"DROP TABLE IF EXISTS {tmp}").fetchall()
    conn.execute(DDL[2].replace(POSTINGS_TABLE, tmp, 1)).fetchall()
    conn.execute(f"INSERT INTO {tmp} SELECT * FROM {POSTINGS_TABLE} ORDER BY term_id, doc, pos").fetchall()
    conn.execute(f"DROP TABLE {POSTINGS_TABLE}").fetchall()
    conn.execute(f"ALTER TABLE {tmp} RENAME TO {POSTINGS_TABLE}").fetchall()
    total = _scalar(conn, f"SELECT count(*) FROM {POSTINGS_TABLE}")
    conn.execute(f"DELETE FROM {STATE_TABLE} WHERE key = ?", [SORTED_KEY]).fetchall()
    conn.execute(f"INSERT INTO {STATE_TABLE} VALUES (?, ?)", [SORTED_KEY, total]).fetchall()


# --- repair -------------------------------------------------------------------------------


def index_missing(store, batch_size: int = 500) -> int:
    """Index the stored articles the index does not have (a store written before the text
    index existed, or by a rasd without it); one transaction per batch. The number indexed."""
    conn = store.connection
    missing = [r[0] for r in conn.execute(
        f"SELECT a.id FROM articles a ANTI JOIN {DOCS_TABLE} d ON d.article_id = a.id ORDER BY a.id").fetchall()]
    for i in range(0, len(missing), batch_size):
        batch = [rows for rows in (store.load_rows(aid) for aid in missing[i:i + batch_size]) if rows is not None]
        conn.execute("BEGIN TRANSACTION")
        try:
            index_articles(conn, batch)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(missing)

"""The store's tables, its schema version and the steps that migrate an older store.

The tables of analysed articles are made from the row types of `rasd.store.rows` (column
names and types = the dataclass fields), so a row and its table cannot drift apart; the
text index's and the deduplication's own tables come from `rasd.store.textindex.DDL` and
`rasd.store.dedup.DDL`. A `meta` table names the store (`kind = rasd.store`) and its
schema version.

A change of the schema raises `SCHEMA_VERSION` and adds a step to `MIGRATIONS`: the SQL
that turns a store of the previous version into one of this version with its data. The
DDL of each released older version stays here, frozen (`FROZEN_DDL`), so that a test can
build an old store and watch it migrate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rasd.store.rows import TABLE_ROWS, FailureRow, SourceRow, column_types

SCHEMA_VERSION = 3
STORE_KIND = "rasd.store"
META_TABLE = "meta"
SQL_TYPES = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN", dt.date: "DATE"}
# Tables of the store proper, each with its row type; the order is the order of inserts.
TABLES: dict[str, type] = {**TABLE_ROWS, "article_sources": SourceRow, "failures": FailureRow}
# Columns that cannot be empty (the others may be NULL: a quote without a cue, ...).
NOT_NULL = {"id", "article_id", "content_hash", "text", "source_id", "code"}


def create_table_sql(name: str, row_type: type) -> str:
    cols = []
    for column, kind in column_types(row_type).items():
        null = " NOT NULL" if column in NOT_NULL else ""
        cols.append(f"{column} {SQL_TYPES[kind]}{null}")
    return f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(cols)})"


def current_ddl() -> list[str]:
    """The statements that make an empty store of SCHEMA_VERSION (the store's own tables;
    the text index's and dedup's are run by `rasd.store.database` beside them)."""
    return [f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key VARCHAR NOT NULL, value VARCHAR)",
            *(create_table_sql(name, row_type) for name, row_type in TABLES.items())]


# Version 1, as first built: no `chars` in articles, no `mentions` or dated `roles` in
# actors, no `similarity` in article_sources, no failures table. Frozen: never edit.
FROZEN_DDL: dict[int, list[str]] = {
    1: [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR NOT NULL, value VARCHAR)",
        "CREATE TABLE IF NOT EXISTS articles (id VARCHAR NOT NULL, content_hash VARCHAR NOT NULL, url VARCHAR, "
        "outlet VARCHAR, section VARCHAR, title VARCHAR, byline VARCHAR, published VARCHAR, day DATE, "
        "language VARCHAR, text VARCHAR NOT NULL, source VARCHAR, sentences VARCHAR, warnings VARCHAR, "
        "stages VARCHAR)",
        "CREATE TABLE IF NOT EXISTS entities (article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, type VARCHAR, "
        "span_start BIGINT, span_end BIGINT, span_text VARCHAR, actor VARCHAR, confidence DOUBLE)",
        "CREATE TABLE IF NOT EXISTS actors (article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, name VARCHAR, "
        "kind VARCHAR, country VARCHAR, sector VARCHAR, role VARCHAR, role_date DATE, cameo VARCHAR, "
        "registry_id VARCHAR, ids VARCHAR)",
        "CREATE TABLE IF NOT EXISTS quotes (article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, kind VARCHAR, "
        "content_start BIGINT, content_end BIGINT, content_text VARCHAR, cue_start BIGINT, cue_end BIGINT, "
        "cue_text VARCHAR, speaker_start BIGINT, speaker_end BIGINT, speaker_text VARCHAR, "
        "speaker_actor VARCHAR, speaker_anonymous BOOLEAN, via VARCHAR, via_text VARCHAR, day DATE)",
        "CREATE TABLE IF NOT EXISTS events (article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, type VARCHAR, "
        "mode VARCHAR, sentence BIGINT, trigger_start BIGINT, trigger_end BIGINT, trigger_text VARCHAR, "
        "source_start BIGINT, source_end BIGINT, source_text VARCHAR, source_actor VARCHAR, "
        "target_start BIGINT, target_end BIGINT, target_text VARCHAR, target_actor VARCHAR, "
        "location_start BIGINT, location_end BIGINT, location_text VARCHAR, location_country VARCHAR, "
        "date VARCHAR, day DATE, confidence DOUBLE)",
        "CREATE TABLE IF NOT EXISTS article_sources (article_id VARCHAR NOT NULL, source_id VARCHAR NOT NULL, "
        "outlet VARCHAR, url VARCHAR, published VARCHAR, title VARCHAR, section VARCHAR, source VARCHAR)",
    ],
    # Version 2: the store's tables as they are in version 3 (3 added only dedup_pending,
    # a table of rasd.store.dedup). Frozen: never edit.
    2: [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR NOT NULL, value VARCHAR)",
        "CREATE TABLE IF NOT EXISTS articles (id VARCHAR NOT NULL, content_hash VARCHAR NOT NULL, url VARCHAR, "
        "outlet VARCHAR, section VARCHAR, title VARCHAR, byline VARCHAR, published VARCHAR, day DATE, "
        "language VARCHAR, text VARCHAR NOT NULL, source VARCHAR, sentences VARCHAR, warnings VARCHAR, "
        "stages VARCHAR, chars BIGINT)",
        "CREATE TABLE IF NOT EXISTS entities (article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, type VARCHAR, "
        "span_start BIGINT, span_end BIGINT, span_text VARCHAR, actor VARCHAR, confidence DOUBLE)",
        "CREATE TABLE IF NOT EXISTS actors (article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, name VARCHAR, "
        "kind VARCHAR, country VARCHAR, sector VARCHAR, role VARCHAR, role_date DATE, cameo VARCHAR, "
        "registry_id VARCHAR, ids VARCHAR, roles VARCHAR, mentions BIGINT)",
        "CREATE TABLE IF NOT EXISTS quotes (article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, kind VARCHAR, "
        "content_start BIGINT, content_end BIGINT, content_text VARCHAR, cue_start BIGINT, cue_end BIGINT, "
        "cue_text VARCHAR, speaker_start BIGINT, speaker_end BIGINT, speaker_text VARCHAR, "
        "speaker_actor VARCHAR, speaker_anonymous BOOLEAN, via VARCHAR, via_text VARCHAR, day DATE)",
        "CREATE TABLE IF NOT EXISTS events (article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, type VARCHAR, "
        "mode VARCHAR, sentence BIGINT, trigger_start BIGINT, trigger_end BIGINT, trigger_text VARCHAR, "
        "source_start BIGINT, source_end BIGINT, source_text VARCHAR, source_actor VARCHAR, "
        "target_start BIGINT, target_end BIGINT, target_text VARCHAR, target_actor VARCHAR, "
        "location_start BIGINT, location_end BIGINT, location_text VARCHAR, location_country VARCHAR, "
        "date VARCHAR, day DATE, confidence DOUBLE)",
        "CREATE TABLE IF NOT EXISTS article_sources (article_id VARCHAR NOT NULL, source_id VARCHAR NOT NULL, "
        "outlet VARCHAR, url VARCHAR, published VARCHAR, title VARCHAR, section VARCHAR, source VARCHAR, "
        "similarity DOUBLE)",
        "CREATE TABLE IF NOT EXISTS failures (source VARCHAR, code VARCHAR NOT NULL, message VARCHAR, "
        "skipped BOOLEAN)",
    ],
}


@dataclass(frozen=True, slots=True)
class Migration:
    """SQL turning a store of `from_version` into one of `from_version + 1`, data kept."""

    from_version: int
    statements: tuple[str, ...]
    note: str


MIGRATIONS: dict[int, Migration] = {
    1: Migration(1, (
        "ALTER TABLE articles ADD COLUMN chars BIGINT",
        "UPDATE articles SET chars = length(text)",
        "ALTER TABLE actors ADD COLUMN roles VARCHAR DEFAULT '[]'",
        "UPDATE actors SET roles = '[]'",
        "ALTER TABLE actors ADD COLUMN mentions BIGINT DEFAULT 0",
        "UPDATE actors SET mentions = (SELECT count(*) FROM entities e "
        "WHERE e.article_id = actors.article_id AND e.actor = actors.id)",
        "ALTER TABLE article_sources ADD COLUMN similarity DOUBLE",
        create_table_sql("failures", FailureRow),
    ), "articles.chars, actors.roles and .mentions, article_sources.similarity, the failures table"),
    # Every article of a version 2 store was clustered when written: nothing is pending.
    2: Migration(2, (
        "CREATE TABLE IF NOT EXISTS dedup_pending (article_id VARCHAR NOT NULL)",
    ), "dedup_pending: articles whose events a bulk import has not clustered yet"),
}


def migration_path(version: int) -> list[Migration]:
    """The steps from `version` up to SCHEMA_VERSION (empty when it is current)."""
    return [MIGRATIONS[v] for v in range(version, SCHEMA_VERSION)]


def meta_rows(version: int = SCHEMA_VERSION) -> list[tuple[str, str]]:
    return [("kind", STORE_KIND), ("schema_version", str(version))]

"""A backfill's output: one Parquet file per partition and table, `DIR/<table>/<name>.parquet`.

The columns are the fields of `rasd.store.rows` (`arrow_schema`), so `rasd store import DIR`
reads them back as rows. Each file is written to a temporary name beside its final one and
renamed into place (atomic on one file system): a reader, or a rerun after a crash, finds a
partition's file whole or absent, never cut. The articles file of a partition is written last
of its tables, because the importer discovers partitions by their articles files.
"""

from __future__ import annotations

import os
from pathlib import Path

from rasd.store.rows import TABLE_ROWS, ArticleRows, FailureRow, arrow_table

PARQUET_SUFFIX = ".parquet"
TEMP_SUFFIX = ".tmp"  # not .parquet: a half-written file is never matched by DIR/<table>/*.parquet
FAILURES_TABLE = "failures"
# Child tables first, articles last (see the module's note).
WRITE_ORDER = tuple(t for t in TABLE_ROWS if t != "articles") + ("articles",)
# zstd: about as fast as snappy to write and a third smaller on Arabic text.
COMPRESSION = "zstd"


def partition_file(out_dir: Path, table: str, name: str) -> Path:
    return Path(out_dir) / table / f"{name}{PARQUET_SUFFIX}"


def write_table(row_type: type, rows: list, path: Path) -> int:
    """Write rows of one type to `path` atomically; the number of rows."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        pq.write_table(arrow_table(row_type, rows), temp, compression=COMPRESSION)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return len(rows)


def write_partition(batch: list[ArticleRows], out_dir: Path, name: str) -> dict[str, int]:
    """One Parquet file per table for this partition (empty tables too, so that every
    partition has the same files); rows written per table."""
    counts = {}
    for table in WRITE_ORDER:
        rows = [row for rows in batch for row in rows.table(table)]
        counts[table] = write_table(TABLE_ROWS[table], rows, partition_file(out_dir, table, name))
    return {table: counts[table] for table in TABLE_ROWS}


def write_failures(failures: list[FailureRow], out_dir: Path, name: str) -> int:
    """The partition's documents that could not be analysed (source, code, message, skipped),
    `DIR/failures/<name>.parquet`, read by `rasd store import` beside the articles."""
    return write_table(FailureRow, failures, partition_file(out_dir, FAILURES_TABLE, name))


def count_rows(path: Path) -> int:
    """Rows of a Parquet file, from its footer (the data is not read)."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows

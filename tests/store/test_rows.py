"""Rows of the store: Article -> rows -> Article, and contract JSON -> Article, lose nothing
the contract says (on fixture articles written for these tests, run through the pipeline)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

import pytest

from rasd.errors import Code, RasdError
from rasd.model import Article
from rasd.output import article_to_dict
from rasd.store.rows import (
    TABLE_ROWS,
    ArticleRow,
    ArticleRows,
    EventRow,
    QuoteRow,
    arrow_table,
    article_from_contract,
    article_from_rows,
    column_names,
    content_hash,
    day_of,
    rows_from_article,
    rows_from_contract,
)

FIXTURES = Path(__file__).parent / "data" / "store_articles.jsonl"


@lru_cache(maxsize=1)
def analysed() -> tuple[Article, ...]:
    from rasd.api import analyze_paths

    items = list(analyze_paths([str(FIXTURES)]))
    assert all(isinstance(a, Article) for a in items), items
    return tuple(items)


def test_fixtures_have_every_layer():
    articles = analysed()
    assert len(articles) == 4
    # the round trips below would prove little on empty layers
    assert sum(len(a.quotes) for a in articles) >= 3
    assert sum(len(a.events) for a in articles) >= 3
    assert any(q.via for a in articles for q in a.quotes)


@pytest.mark.parametrize("index", range(4))
def test_article_rows_article_round_trip(index):
    article = analysed()[index]
    back = article_from_rows(rows_from_article(article))
    assert article_to_dict(back) == article_to_dict(article)
    assert back.done == article.done
    assert [s.paragraph for s in back.sentences] == [s.paragraph for s in article.sentences]


@pytest.mark.parametrize("index", range(4))
def test_contract_json_round_trip(index):
    record = json.loads(json.dumps(article_to_dict(analysed()[index]), ensure_ascii=False))
    article = article_from_contract(record)
    assert article_to_dict(article) == record
    # paragraphs are rebuilt from the text's line breaks
    assert [s.paragraph for s in article.sentences] == [s.paragraph for s in analysed()[index].sentences]


def test_rows_from_contract_equal_rows_from_the_analysis():
    original = analysed()[0]
    from_json = article_from_contract(article_to_dict(original))
    rows_a, rows_b = rows_from_article(original), rows_from_article(from_json)
    for name in TABLE_ROWS:
        if name == "articles":
            continue
        assert [dataclasses.astuple(r) for r in rows_a.table(name)] == [
            dataclasses.astuple(r) for r in rows_b.table(name)], name


def test_spans_are_flattened_with_their_text():
    for article in analysed():
        rows = rows_from_article(article)
        for q in rows.quotes:
            assert article.text[q.content_start:q.content_end] == q.content_text
            if q.speaker_start is not None:
                assert article.text[q.speaker_start:q.speaker_end] == q.speaker_text
        for e in rows.events:
            assert article.text[e.trigger_start:e.trigger_end] == e.trigger_text
            assert e.article_id == article.id
        for e in rows.entities:
            assert article.text[e.span_start:e.span_end] == e.span_text


def test_article_row_metadata_hash_and_day():
    first, _, _, repeat = analysed()
    row, row_repeat = rows_from_article(first).article, rows_from_article(repeat).article
    assert row.id == "fx-amman-1" and row_repeat.id == "fx-amman-1-repeat"
    assert row.content_hash == row_repeat.content_hash == content_hash(first.text)
    assert row.content_hash != rows_from_article(analysed()[1]).article.content_hash
    assert row.day == dt.date(2024, 3, 5)
    assert row.outlet == "صحيفة الشروق" and row.chars == len(first.text)


def test_actor_rows_count_mentions_and_date_roles():
    rows = rows_from_article(analysed()[0])
    by_name = {a.name: a for a in rows.actors}
    safadi = by_name["أيمن الصفدي"]
    assert safadi.mentions == 2  # أيمن الصفدي and الصفدي
    assert safadi.role and safadi.role_date == dt.date(2024, 3, 5)
    assert safadi.registry_id is None  # no registry in this run
    assert json.loads(safadi.ids).get("cameo") == safadi.cameo


def test_registry_ids_are_recognised():
    article = analysed()[0]
    copy = article_from_rows(rows_from_article(article))
    copy.actors[0].id = "r0123456789ab"
    assert rows_from_article(copy).actors[0].registry_id == "r0123456789ab"


@pytest.mark.parametrize("value, expected", [
    ("2024-03-05T10:00:00+03:00", dt.date(2024, 3, 5)), ("2024-03-05", dt.date(2024, 3, 5)),
    (None, None), ("", None), ("Tue, 5 Mar 2024", None), ("2024-13-40", None)])
def test_day_of(value, expected):
    assert day_of(value) == expected


def test_every_table_converts_to_arrow_with_its_columns():
    batch = [rows_from_article(a) for a in analysed()]
    for name, row_type in TABLE_ROWS.items():
        rows = [r for b in batch for r in b.table(name)]
        table = arrow_table(row_type, rows)
        assert table.column_names == column_names(row_type)
        assert table.num_rows == len(rows)
    assert arrow_table(EventRow, []).num_rows == 0


def test_rows_have_article_id_but_articles():
    for name, row_type in TABLE_ROWS.items():
        assert ("article_id" in column_names(row_type)) == (name != "articles")
    assert {"id", "content_hash", "url", "outlet", "section", "title", "byline", "published", "day",
            "language", "text", "source"} <= set(column_names(ArticleRow))
    assert "speaker_actor" in column_names(QuoteRow) and "target_actor" in column_names(EventRow)
    assert isinstance(rows_from_article(analysed()[0]), ArticleRows)


@pytest.mark.parametrize("record", [{}, {"article": {"id": "x"}}, {"article": {"text": "نص"}, "events": [{}]}])
def test_not_contract_json_is_e009(record):
    with pytest.raises(RasdError) as err:
        article_from_contract(record)
    assert err.value.code == Code.E009_BAD_RECORD


def test_unknown_warning_code_is_e009():
    record = article_to_dict(analysed()[1])
    record["warnings"] = [{"code": "W999", "message": "?"}]
    with pytest.raises(RasdError):
        article_from_contract(record)


@pytest.mark.parametrize("index", range(4))
def test_rows_from_contract_is_the_short_way_round(index):
    record = json.loads(json.dumps(article_to_dict(analysed()[index]), ensure_ascii=False))
    direct = rows_from_contract(record)
    long_way = rows_from_article(article_from_contract(record))
    for name in TABLE_ROWS:
        assert [dataclasses.astuple(r) for r in direct.table(name)] == [
            dataclasses.astuple(r) for r in long_way.table(name)], name
    assert article_to_dict(article_from_rows(direct)) == record


def test_rows_from_contract_refuses_what_is_not_contract_json():
    for record in ({}, {"article": {"id": "x"}}, {"article": {"text": "نص"}, "quotes": [{"id": "q"}]}):
        with pytest.raises(RasdError) as err:
            rows_from_contract(record)
        assert err.value.code == Code.E009_BAD_RECORD

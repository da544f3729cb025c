"""Searching a store: every query path on hand-made fixture articles (tests/store/search_fixtures.py),
paging and sorts, bad arguments coded E024, and `rasd search` exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import search_fixtures as sf  # noqa: E402

from rasd.cli import main  # noqa: E402
from rasd.errors import Code, RasdError  # noqa: E402
from rasd.store.database import Store  # noqa: E402
from rasd.store.search import (  # noqa: E402
    ArticleQuery,
    EventQuery,
    QuoteQuery,
    hits_to_dict,
    search_articles,
    search_events,
    search_quotes,
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "fixtures.duckdb"
    with Store(path) as store:
        store.write(sf.corpus())
    return path


@pytest.fixture
def store(store_path):
    with Store(store_path, read_only=True) as s:
        yield s


def articles(store, **kw) -> list[str]:
    return [h.article.article_id for h in search_articles(store, ArticleQuery(**kw))]


def events(store, **kw) -> set[tuple[str, str]]:
    return {(h.article.article_id, h.event_id) for h in search_events(store, EventQuery(**kw))}


def quotes(store, **kw) -> set[tuple[str, str]]:
    return {(h.article.article_id, h.quote_id) for h in search_quotes(store, QuoteQuery(**kw))}


# --- articles -----------------------------------------------------------------------------


def test_a_word_finds_its_clitic_forms_not_a_derived_word(store):
    # fx-1 واشنطن, fx-2 وواشنطن, fx-3 لواشنطن; fx-4 has only الواشنطنية
    assert set(articles(store, words="واشنطن")) == {"fx-1", "fx-2", "fx-3"}
    assert articles(store, words="الواشنطنية") == ["fx-4"]


def test_letter_variants(store):
    assert articles(store, words="اسرائيل") == ["fx-4"]  # وقالت اسرائيل; not الإسرائيلية of fx-3
    assert set(articles(store, words="مستشفى")) == {"fx-3", "fx-4"}  # مستشفى / مستشفي
    assert set(articles(store, words="المدينه")) == {"fx-3", "fx-4"}  # المدينة / المدينه
    assert articles(store, words="مُحَمَّد") == ["fx-4"]


def test_all_words_or_a_phrase(store):
    assert set(articles(store, words="مسيرة طائرات")) == {"fx-5", "fx-6"}
    assert set(articles(store, words="طائرات مسيرة", phrase=True)) == {"fx-5", "fx-6"}
    assert articles(store, words="مسيرة طائرات", phrase=True) == []
    assert articles(store, words="طائرات المدينة") == []


def test_articles_by_outlet_and_date(store):
    assert articles(store, outlet="beta") == ["fx-6", "fx-4", "fx-3"]  # newest first
    assert articles(store, outlet="beta", sort="oldest") == ["fx-3", "fx-4", "fx-6"]
    assert articles(store, date_from="2024-03-02", date_to="2024-03-03") == ["fx-3", "fx-2"]
    assert articles(store, words="واشنطن", outlet="alpha") == ["fx-2", "fx-1"]


def test_article_hits_carry_a_snippet_at_the_word(store):
    hit = search_articles(store, ArticleQuery(words="جنيف"))[0]
    text = store.load_article("fx-2").text
    assert hit.hits == 1 and "جنيف" in hit.snippet.text
    assert text[hit.snippet.start:hit.snippet.end] == hit.snippet.text


def test_paging_and_total(store):
    everything = articles(store, limit=100)
    assert len(everything) == 6
    pages = [search_articles(store, ArticleQuery(limit=4, offset=k)) for k in (0, 4, 8)]
    assert [p.total for p in pages] == [6, 6, 6]
    assert [h.article.article_id for p in pages for h in p] == everything
    assert len(pages[2]) == 0


# --- events -------------------------------------------------------------------------------


def test_events_by_type_and_mode(store):
    assert events(store, types="ASSAULT") == {("fx-1", "e2"), ("fx-5", "e1"), ("fx-6", "e1")}
    assert events(store, types=("protest", "REJECT")) == {("fx-3", "e2"), ("fx-4", "e2"), ("fx-4", "e1")}
    assert events(store, types="CONSULT", modes="intended") == {("fx-1", "e1")}
    assert events(store, modes=["demanded"]) == {("fx-5", "e2")}


def test_events_by_actor_country_and_side(store):
    assert events(store, country="USA") == {("fx-2", "e1"), ("fx-3", "e1")}  # واشنطن as target
    assert events(store, country="usa", role="target") == {("fx-2", "e1"), ("fx-3", "e1")}
    assert events(store, country="USA", role="source") == set()
    assert events(store, country="ISR", role="source") == {("fx-3", "e1"), ("fx-4", "e1")}
    assert events(store, sector="MIL") == {("fx-5", "e1"), ("fx-6", "e1")}
    assert events(store, country="EGY", sector="REB") == set()  # one actor must have both


def test_events_by_actor_name_and_id(store):
    # the actor's name: fx-1's source is mentioned as وفدا رسميا, its actor is الحكومة
    assert events(store, actor="الحكومة", role="source") == {("fx-1", "e1"), ("fx-3", "e1")}
    assert events(store, actor="وفدا") == set()
    # a mention linked to no actor is searched in its own words (fx-5: مواقع عسكرية)
    assert events(store, actor="مواقع", role="target") == {("fx-5", "e1")}
    assert events(store, actor="مواقع", role="source") == set()
    assert events(store, actor="لواشنطن") == {("fx-2", "e1"), ("fx-3", "e1")}
    assert events(store, actor_id="IGOUNO") == {("fx-5", "e2")}
    assert events(store, actor_id="USAGOV", role="target") == {("fx-2", "e1")}


def test_events_by_place_text_date_confidence(store):
    assert events(store, place="المدينة") == {("fx-3", "e2")}
    assert events(store, place="USA") == {("fx-1", "e1")}
    assert events(store, text="الحدود") == {("fx-5", "e1"), ("fx-6", "e1")}
    assert events(store, text="الحدود الشمالية", phrase=True) == {("fx-5", "e1"), ("fx-6", "e1")}
    assert events(store, text="الشمالية الحدود", phrase=True) == set()
    assert events(store, types="ASSAULT", date_from="2024-03-05") == {("fx-5", "e1"), ("fx-6", "e1")}
    assert events(store, min_confidence=0.85) == {("fx-1", "e2"), ("fx-5", "e1")}


def test_event_hits_point_at_their_evidence(store):
    hit = search_events(store, EventQuery(types="PROTEST", article_id="fx-3"))[0]
    text = store.load_article("fx-3").text
    assert text[hit.trigger.start:hit.trigger.end] == hit.trigger.text == "واحتج"
    assert hit.evidence.text == text[hit.evidence.start:hit.evidence.end]
    assert hit.evidence.text.startswith("واحتج") and hit.evidence.text.endswith("الإغلاق.")
    assert hit.source.name == "الطلاب" and hit.source.mention.text == "مئات الطلاب" and hit.source.sector == "EDU"
    assert hit.place.text == "المدينة" and hit.place_country == "ISR"
    assert json.dumps(hits_to_dict(search_events(store, EventQuery(article_id="fx-3"))), ensure_ascii=False)


def test_event_sorts(store):
    by_confidence = [h.confidence for h in search_events(store, EventQuery(sort="confidence"))]
    assert by_confidence == sorted(by_confidence, reverse=True)
    days = [h.day for h in search_events(store, EventQuery(sort="oldest"))]
    assert days == sorted(days)


def test_events_per_cluster(store):
    reports = search_events(store, EventQuery(types="ASSAULT", limit=100))
    clusters = search_events(store, EventQuery(types="ASSAULT", per="cluster", limit=100))
    assert 1 <= clusters.total <= reports.total
    assert sum(h.cluster.matched for h in clusters) == reports.total
    assert all(h.cluster.reports >= h.cluster.matched >= 1 for h in clusters)
    assert len({h.cluster.cluster_id for h in clusters}) == len(clusters)


# --- quotations ---------------------------------------------------------------------------


def test_quotes_by_speaker(store):
    assert quotes(store, speaker="محمد") == {("fx-4", "q2")}  # actor مُحَمَّد علي
    assert quotes(store, speaker="إسرائيل") == {("fx-4", "q1")}
    assert quotes(store, speaker="شهود") == {("fx-6", "q1")}  # a mention without an actor
    assert quotes(store, speaker="سالم") == {("fx-1", "q1")}  # mentioned as المتحدث باسم الحكومة
    assert quotes(store, speaker="المتحدث") == set()
    assert quotes(store, speaker_id="r00000000aaaa") == {("fx-1", "q1")}


def test_quotes_by_words_kind_outlet(store):
    assert quotes(store, words="المبادرة") == {("fx-4", "q1")}  # not the title's المبادرة outside the quote
    assert quotes(store, words="اتفاقا عادلا", phrase=True) == {("fx-1", "q1")}
    assert quotes(store, kinds="direct") == {("fx-1", "q1"), ("fx-4", "q2")}
    assert quotes(store, outlet="alpha") == {("fx-1", "q1"), ("fx-2", "q1")}
    hit = search_quotes(store, QuoteQuery(words="صريحة"))[0]
    assert hit.content.text == "المحادثات كانت صريحة ومثمرة" and hit.cue.text == "وأكد"
    assert hit.speaker.name == "الوزير" and hit.speaker.country == "EGY"


# --- the index follows the store ----------------------------------------------------------


def test_a_rewritten_article_is_found_by_its_new_words(tmp_path):
    corpus = sf.corpus()
    with Store(tmp_path / "s.duckdb") as store:
        store.write(corpus[:2])
        first = sf.Builder("fx-1", "alpha", "2024-03-01", ["زار وفد رسمي القاهرة أمس."]).article
        store.write([first])
        assert articles(store, words="القاهرة") == ["fx-2", "fx-1"]
        assert articles(store, words="سيزور") == []
        assert search_quotes(store, QuoteQuery(article_id="fx-1")).total == 0


# --- bad arguments ------------------------------------------------------------------------


@pytest.mark.parametrize(("make", "kw"), [
    (EventQuery, {"types": "BOMBING"}),
    (EventQuery, {"modes": "maybe"}),
    (EventQuery, {"date_from": "2024-02-30"}),
    (EventQuery, {"date_to": "yesterday"}),
    (EventQuery, {"date_from": "2024-03-05", "date_to": "2024-03-01"}),
    (EventQuery, {"limit": 0}),
    (EventQuery, {"limit": 100_000}),
    (EventQuery, {"limit": "ten"}),
    (EventQuery, {"offset": -1}),
    (EventQuery, {"role": "witness"}),
    (EventQuery, {"per": "day"}),
    (EventQuery, {"sort": "relevance"}),  # without words
    (EventQuery, {"min_confidence": 1.5}),
    (EventQuery, {"country": "U S A!"}),
    (EventQuery, {"text": "،،؟"}),  # no word in it
    (QuoteQuery, {"kinds": "sung"}),
    (QuoteQuery, {"words": "   "  + "..."}),
    (ArticleQuery, {"sort": "title"}),
    (ArticleQuery, {"limit": True}),
])
def test_bad_arguments_are_E024(make, kw):
    with pytest.raises(RasdError) as err:
        make(**kw)
    assert err.value.code is Code.E024_BAD_QUERY


def test_good_arguments_are_normalised():
    q = EventQuery(types="assault, protest", modes=("asserted",), date_from="2024-03-01", country="egy", limit="5")
    assert q.types == ("ASSAULT", "PROTEST") and q.country == "EGY" and q.limit == 5
    assert str(q.date_from) == "2024-03-01"
    assert EventQuery(sort="-day").sort == "date"


def test_per_cluster_needs_clusters(tmp_path):
    import duckdb

    con = duckdb.connect(str(tmp_path / "bare.duckdb"))
    con.execute("CREATE TABLE events (article_id VARCHAR, id VARCHAR, type VARCHAR, mode VARCHAR, day DATE, "
                "confidence DOUBLE, source_actor VARCHAR, target_actor VARCHAR)")
    with pytest.raises(RasdError) as err:
        search_events(con, EventQuery(per="cluster"))
    assert err.value.code is Code.E024_BAD_QUERY


# --- the command --------------------------------------------------------------------------


def test_cli_json_and_table(store_path, capsys):
    assert main(["search", "events", "--store", str(store_path), "--type", "ASSAULT", "--format", "json",
                 "--limit", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 3 and len(out["hits"]) == 2 and out["hits"][0]["type"] == "ASSAULT"
    assert main(["search", "articles", "واشنطن", "--store", str(store_path)]) == 0
    table = capsys.readouterr().out
    assert table.startswith("articles 1-3 of 3") and "\u2068" in table  # Arabic cells in bidi isolates
    assert main(["search", "quotes", "--store", str(store_path), "--speaker", "محمد", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"][0]["speaker"]["name"] == "مُحَمَّد علي"


@pytest.mark.parametrize("argv", [
    ["search", "events", "--type", "BOMBING"],
    ["search", "events", "--from", "2024-13-01"],
    ["search", "events", "--limit", "abc"],
    ["search", "quotes", "--kind", "sung"],
    ["search", "articles", "--format", "xml"],
    ["search", "articles", "--from", "2024-03-05", "--to", "2024-03-01"],
])
def test_cli_bad_arguments_exit_2(store_path, argv, capsys):
    assert main([*argv, "--store", str(store_path)]) == 2
    assert "E024" in capsys.readouterr().err


def test_cli_missing_or_foreign_store_exit_2(tmp_path, capsys):
    assert main(["search", "articles", "--store", str(tmp_path / "none.duckdb")]) == 2
    assert "E008" in capsys.readouterr().err
    foreign = tmp_path / "foreign.duckdb"
    foreign.write_text("not a database", encoding="utf-8")
    assert main(["search", "events", "--store", str(foreign)]) == 2
    assert "E023" in capsys.readouterr().err


def test_articles_stored_before_the_index_are_indexed_on_repair(tmp_path):
    from rasd.store import textindex

    with Store(tmp_path / "old.duckdb") as store:
        store.write(sf.corpus())
        for table in (textindex.DOCS_TABLE, textindex.POSTINGS_TABLE, textindex.SPANS_TABLE, textindex.NAMES_TABLE):
            store.connection.execute(f"DELETE FROM {table}")
        assert articles(store, words="واشنطن") == []
        assert textindex.index_missing(store) == 6
        assert set(articles(store, words="واشنطن")) == {"fx-1", "fx-2", "fx-3"}
        assert quotes(store, speaker="شهود") == {("fx-6", "q1")}
        assert textindex.index_missing(store) == 0

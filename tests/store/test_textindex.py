"""The text index: Arabic terms (normalised letters, clitics stripped), postings with offsets,
deletes, and the term-ordered layout that lets a lookup skip row groups."""

from __future__ import annotations

import duckdb
import pytest

from rasd.store import textindex as ti
from rasd.store.rows import rows_from_article
from rasd.store.search import doc_hits_sql


def term(word: str) -> str:
    terms = ti.index_terms(word)
    assert len(terms) == 1, terms
    return terms[0]


@pytest.mark.parametrize("variant", ["وواشنطن", "لواشنطن", "بواشنطن", "فواشنطن"])
def test_proclitics_are_stripped(variant):
    assert term(variant) == term("واشنطن")


def test_a_derived_word_is_a_term_of_its_own():
    assert term("واشنطنية") != term("واشنطن")
    assert term("الواشنطنية") == term("واشنطنية")


@pytest.mark.parametrize("variant", ["الرئيس", "للرئيس", "والرئيس", "بالرئيس", "وبالرئيس"])
def test_the_article_goes_with_the_proclitics(variant):
    assert term(variant) == term("رئيس")


@pytest.mark.parametrize(("a", "b"), [
    ("إسرائيل", "اسرائيل"),  # alef with hamza below / bare alef
    ("أمريكا", "امريكا"),  # alef with hamza above
    ("آثار", "اثار"),  # alef madda
    ("مستشفى", "مستشفي"),  # alef maqsura / ya
    ("المدينة", "المدينه"),  # ta marbuta / ha
    ("مُحَمَّد", "محمد"),  # harakat and shadda
    ("محـــمد", "محمد"),  # tatweel
    ("Trump", "trump"),
    ("٢٠٢٤", "2024"),  # Arabic-Indic digits
])
def test_letter_variants_meet_on_one_term(a, b):
    assert term(a) == term(b)


def test_a_word_is_not_its_neighbour():
    assert term("الحكومة") != term("الحكم")
    assert term("وزير") == "وزير"  # و is the word's own first letter, not a conjunction


def test_index_terms_skips_punctuation_and_keeps_order():
    assert ti.index_terms("«قال الوزير»: نعم، للحكومة!") == [term("قال"), term("الوزير"), term("نعم"), term("للحكومة")]
    assert ti.index_terms("... ، ؟") == []


def test_term_ids_are_stable_and_distinct():
    assert ti.term_id("واشنطن") == ti.term_id("واشنطن")
    assert ti.term_id("واشنطن") != ti.term_id("واشنطنيه")
    assert -(2 ** 63) <= ti.term_id("واشنطن") < 2 ** 63


def test_word_offsets_point_into_the_original_text():
    texts = ["", "، ،", "قالَ الوزيرُ: «سنزور واشنطن» غداً.", "abc 12 وزير"]
    ids, ordinal, starts, counts = ti._words(texts)
    expected = []
    for text in texts:
        expected += [(m.start(), i, ti.term_id(ti.term_of(m.group()))) for i, m in enumerate(ti.WORD.finditer(text))]
    assert list(zip(starts.tolist(), ordinal.tolist(), ids.tolist(), strict=True)) == expected
    assert counts.tolist() == [0, 0, 5, 3]


# --- tables -------------------------------------------------------------------------------


@pytest.fixture
def conn():
    con = duckdb.connect()
    for statement in ti.DDL:
        con.execute(statement)
    yield con
    con.close()


def rows(aid: str, text: str):
    from rasd.model import Article, Metadata

    return rows_from_article(Article(text=text, meta=Metadata(id=aid), language="ar"))


def docs_with(con, words: str, phrase: bool = False) -> set[str]:
    sql, params = doc_hits_sql(words, phrase)
    found = con.execute(f"SELECT d.article_id FROM ({sql}) h JOIN text_docs d USING (doc)", params).fetchall()
    return {r[0] for r in found}


def test_index_and_look_up(conn):
    ti.index_articles(conn, [rows("a", "زار الوفد واشنطن أمس."), rows("b", "عاد الوفد من لواشنطن... بل من وواشنطن"),
                             rows("c", "أثارت المبادرة الواشنطنية جدلا.")])
    assert docs_with(conn, "واشنطن") == {"a", "b"}
    assert docs_with(conn, "الوفد واشنطن") == {"a", "b"}
    assert docs_with(conn, "الوفد واشنطن", phrase=True) == {"a"}
    assert docs_with(conn, "واشنطنية") == {"c"}
    starts = conn.execute("SELECT start FROM text_postings p JOIN text_docs d USING (doc) "
                          "WHERE d.article_id = 'a' ORDER BY pos").fetchall()
    assert [s for (s,) in starts] == [0, 4, 10, 17]
    assert conn.execute("SELECT term FROM text_terms WHERE term_id = ?", [ti.term_id("واشنطن")]).fetchall() == [
        ("واشنطن",)]


def test_delete_removes_every_row_of_the_article(conn):
    ti.index_articles(conn, [rows("a", "زار الوفد واشنطن."), rows("b", "عاد الوفد.")])
    ti.delete_articles(conn, ["a", "nobody"])
    assert docs_with(conn, "واشنطن") == set()
    assert docs_with(conn, "الوفد") == {"b"}
    for table in (ti.DOCS_TABLE, ti.POSTINGS_TABLE):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE doc = 1").fetchall() == [(0,)]
    ti.index_articles(conn, [rows("a", "زار الوفد القاهرة.")])  # indexed again under a new doc number
    assert docs_with(conn, "القاهرة") == {"a"}
    assert docs_with(conn, "واشنطن") == set()


def test_compaction_keeps_the_postings_in_term_order(conn, monkeypatch):
    monkeypatch.setattr(ti, "COMPACT_MIN_TAIL", 10)
    batches = [[rows(f"a{b}{i}", f"كلمة{b} ثم جملة رقم {i} عن واشنطن والقاهرة") for i in range(3)] for b in range(4)]
    for batch in batches:
        ti.index_articles(conn, batch)
    total = conn.execute("SELECT count(*) FROM text_postings").fetchall()[0][0]
    assert total == sum(len(ti.index_terms(r.article.text)) for batch in batches for r in batch)
    sorted_rows = conn.execute("SELECT value FROM text_state WHERE key = ?", [ti.SORTED_KEY]).fetchall()[0][0]
    assert 0 < sorted_rows <= total
    ti.compact(conn)
    in_table = [r[0] for r in conn.execute("SELECT term_id FROM text_postings").fetchall()]
    assert in_table == sorted(in_table)
    assert docs_with(conn, "واشنطن") == {r.article.id for batch in batches for r in batch}


def test_a_lookup_reads_the_postings_by_term_not_the_text(conn):
    ti.index_articles(conn, [rows("a", "زار الوفد واشنطن.")])
    sql, params = doc_hits_sql("واشنطن", False)
    plan = "\n".join(r[1] for r in conn.execute("EXPLAIN " + sql, params).fetchall())
    assert "text_postings" in plan and "term_id" in plan
    assert "LIKE" not in sql.upper() and "articles" not in sql

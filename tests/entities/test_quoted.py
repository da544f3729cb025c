"""Organisation names in quotation marks or brackets after the noun that says what they are."""

from __future__ import annotations

import pytest

from rasd.entities.quoted import mark_quoted_names
from rasd.model import Article, Entity
from rasd.text import split_sentences, tokenize


def marked(text: str, tagged: list[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    article = Article(text=text, sentences=split_sentences(text), tokens=tokenize(text))
    for surface, kind in tagged:
        start = text.index(surface)
        article.entities.append(Entity(start, start + len(surface), kind))
    groups = [[t for t in article.tokens if s.start <= t.start < s.end] for s in article.sentences]
    mark_quoted_names(article, groups)
    assert [e.id for e in article.entities] == [f"e{i}" for i in range(len(article.entities))]
    return [(e.type, article.span_text(e)) for e in article.entities]


@pytest.mark.parametrize("text, name", [
    ("ونظمت حركة «كفاية» وقفة أمام النقابة.", "كفاية"),
    ('وأعلن تيار "الحكمة" موقفه من الحكومة.', "الحكمة"),
    ("وقالت جماعة (فوت ليف) إنها ستطعن في القرار.", "فوت ليف"),
    ("وغرمت اللجنة جماعة (فوت ليف - Vote Leave) أمس.", "فوت ليف"),
    ("وبثت قناة “الميادين” المقابلة كاملة.", "الميادين"),
    ("وتبنى تنظيم «جند الخلافة في أرض الجزائر» الهجوم.", "جند الخلافة في أرض الجزائر"),
])
def test_quoted_name_after_its_kind_is_an_organisation(text, name):
    assert ("ORG", name) in marked(text)


def test_it_replaces_what_the_tagger_found_inside_and_on_the_head():
    text = 'وأعلن تيار "الحكمة" وجماعة (فوت ليف - Vote Leave) تحالفهما.'
    found = marked(text, [("تيار", "ORG"), ("فوت ليف", "PER"), ("Vote Leave", "ORG")])
    assert found == [("ORG", "الحكمة"), ("ORG", "فوت ليف")]


@pytest.mark.parametrize("text", [
    "وقال الوزير «إن الحكومة لن تتراجع عن قرارها مهما كانت الضغوط».",  # a quotation, not a name
    "وقال رئيس الحركة «نحن هنا».",  # a quotation after a word that is no head noun
    "وشاركت الحركة (التي تأسست عام 2004) في الانتخابات.",  # a parenthetical clause
    "ونظمت حركة « كفاية",  # the marks never close
])
def test_no_name_where_the_marks_hold_something_else(text):
    assert marked(text) == []

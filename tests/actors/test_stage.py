"""The actors stage on hand-written sentences with hand-placed entities."""

from __future__ import annotations

import pytest

from rasd.actors.stage import resolve_actors
from rasd.model import Article, Entity
from rasd.text.sentences import split_sentences
from rasd.text.tokens import tokenize


def build(text: str, spans: list[tuple[str, str]]) -> Article:
    """An article over `text` with an entity on the first free occurrence of each span."""
    article = Article(text=text)
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    taken: set[int] = set()
    for surface, typ in spans:
        start = text.find(surface)
        while start in taken:
            start = text.find(surface, start + 1)
        assert start >= 0, surface
        taken.add(start)
        article.entities.append(Entity(start, start + len(surface), typ, id=f"e{len(article.entities)}"))
    article.entities.sort(key=lambda e: e.start)
    resolve_actors(article)
    return article


def actor_of(article: Article, surface: str, nth: int = 0):
    ents = [e for e in article.entities if article.span_text(e) == surface]
    by_id = {a.id: a for a in article.actors}
    return by_id[ents[nth].actor]


@pytest.mark.parametrize(("text", "name", "country", "sector"), [
    ("التقى وزير الدفاع البريطاني جيمس هوبر بنظرائه أمس.", "جيمس هوبر", "GBR", "MIL"),
    ("وصرح وزير الخارجية المصري سامح فؤاد للصحفيين.", "سامح فؤاد", "EGY", "GOV"),
    ("وقالت المتحدثة باسم الخارجية الصينية لي وانغ إن بلادها ترفض ذلك.", "لي وانغ", "CHN", "GOV"),
    ("وأعلن رئيس مجلس النواب الأردني سالم الحديد موعد الجلسة.", "سالم الحديد", "JOR", "LEG"),
    ("وحضر الاجتماع كمال العتيبي، وزير الدفاع الكويتي، بعد وصوله.", "كمال العتيبي", "KWT", "MIL"),
    ("وقالت هالة منصور، المتحدثة باسم البيت الأبيض، إن الرد قريب.", "هالة منصور", "USA", "GOV"),
    ("وأكد قائد الحرس الثوري الجنرال مراد كاظمي أن قواته مستعدة.", "مراد كاظمي", "IRN", "MIL"),
])
def test_title_gives_country_and_sector(text, name, country, sector):
    actor = actor_of(build(text, [(name, "PER")]), name)
    assert (actor.kind, actor.country, actor.sector) == ("person", country, sector)
    assert actor.role


def test_unknown_person_without_title_keeps_no_country():
    actor = actor_of(build("وكتب سمير الدباغ مقالا طويلا عن الرحلة.", [("سمير الدباغ", "PER")]), "سمير الدباغ")
    assert actor.country is None and actor.sector is None and actor.role is None

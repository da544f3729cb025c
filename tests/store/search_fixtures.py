"""Fixture articles of the search tests, written for them (no corpus text): each is built by
hand as a rasd `Article` with its quotations, events and actors at exact offsets, so a test
knows what a query must find without depending on a retrainable model.

Imported by path (the tests run in importlib mode): `sys.path.insert(0, tests/store)`."""

from __future__ import annotations

from rasd.model import Actor, ActorSpan, Article, Event, Location, Metadata, Quote, Sentence, Span


class Builder:
    """An article made of lines (one sentence each); spans are found by their text."""

    def __init__(self, aid: str, outlet: str, published: str | None, lines: list[str], section: str = "politics"):
        self.text = "\n".join(lines)
        self.article = Article(text=self.text, meta=Metadata(
            id=aid, outlet=outlet, section=section, title=lines[0], published=published, url=f"https://example.org/{aid}"),
            language="ar")
        offset = 0
        for i, line in enumerate(lines):
            self.article.sentences.append(Sentence(offset, offset + len(line), i))
            offset += len(line) + 1
        self.article.done = {"sentences", "entities", "actors", "quotes", "events"}

    def span(self, words: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(words, start + 1)
        return Span(start, start + len(words))

    def actor(self, aid: str, name: str, kind: str, country: str | None = None, sector: str | None = None,
              **ids: str) -> str:
        self.article.actors.append(Actor(aid, name, kind, country, sector, None, dict(ids)))
        return aid

    def who(self, words: str, actor: str | None, nth: int = 0) -> ActorSpan:
        span = self.span(words, nth)
        return ActorSpan(span.start, span.end, actor)

    def quote(self, qid: str, content: str, speaker: ActorSpan | None, cue: str | None = None,
              kind: str = "direct") -> None:
        self.article.quotes.append(Quote(qid, kind, self.span(content), self.span(cue) if cue else None, speaker))

    def event(self, eid: str, type_: str, trigger: str, source: ActorSpan | None = None,
              target: ActorSpan | None = None, place: str | None = None, country: str | None = None,
              mode: str = "asserted", confidence: float = 0.7, date: str | None = None) -> None:
        span = self.span(trigger)
        location = None
        if place:
            p = self.span(place)
            location = Location(p.start, p.end, country)
        self.article.events.append(Event(eid, type_, mode, span, self.article.sentence_of(span.start), source,
                                         target, location, date, confidence))


def corpus() -> list[Article]:
    """Six articles of two outlets over five days."""
    out = []

    a = Builder("fx-1", "alpha", "2024-03-01T09:00:00", [
        "أعلن الرئيس أن وفدا رسميا سيزور واشنطن الأسبوع المقبل.",
        "وقال المتحدث باسم الحكومة: «نريد اتفاقا عادلا يحمي المدنيين».",
        "وهاجمت قوات مسلحة قرية حدودية في شمال البلاد.",
    ])
    gov = a.actor("a1", "الحكومة", "organization", "EGY", "GOV", cameo="EGYGOV")
    spk = a.actor("a2", "أحمد سالم", "person", "EGY", "GOV", registry="r00000000aaaa")
    rebels = a.actor("a3", "قوات مسلحة", "group", None, "REB")
    village = a.actor("a4", "قرية حدودية", "place", "EGY", None)
    a.quote("q1", "نريد اتفاقا عادلا يحمي المدنيين", a.who("المتحدث باسم الحكومة", spk), cue="وقال")
    a.event("e1", "CONSULT", "سيزور", a.who("وفدا رسميا", gov), None, "واشنطن", "USA", mode="intended",
            confidence=0.6)
    a.event("e2", "ASSAULT", "وهاجمت", a.who("قوات مسلحة", rebels), a.who("قرية حدودية", village),
            "شمال البلاد", "EGY", confidence=0.9)
    out.append(a.article)

    b = Builder("fx-2", "alpha", "2024-03-02T10:00:00", [
        "التقى ممثلو القاهرة وواشنطن في جنيف لبحث التعاون الاقتصادي.",
        "وأكد الوزير أن المحادثات كانت صريحة ومثمرة.",
    ])
    cairo = b.actor("b1", "القاهرة", "country", "EGY", "GOV")
    wash = b.actor("b2", "واشنطن", "country", "USA", "GOV", cameo="USAGOV")
    minister = b.actor("b3", "الوزير", "person", "EGY", "GOV")
    b.quote("q1", "المحادثات كانت صريحة ومثمرة", b.who("الوزير", minister), cue="وأكد", kind="indirect")
    b.event("e1", "CONSULT", "التقى", b.who("القاهرة", cairo), b.who("وواشنطن", wash), "جنيف", "CHE",
            confidence=0.8)
    out.append(b.article)

    c = Builder("fx-3", "beta", "2024-03-03T08:00:00", [
        "وجهت الحكومة الإسرائيلية رسالة لواشنطن بشأن الاتفاق الأخير.",
        "واحتج مئات الطلاب أمام مستشفى المدينة على قرار الإغلاق.",
    ])
    isr = c.actor("c1", "الحكومة الإسرائيلية", "organization", "ISR", "GOV")
    usa = c.actor("c2", "واشنطن", "country", "USA", "GOV")
    students = c.actor("c3", "الطلاب", "group", None, "EDU")
    c.event("e1", "REQUEST", "وجهت", c.who("الحكومة الإسرائيلية", isr), c.who("لواشنطن", usa), confidence=0.5)
    c.event("e2", "PROTEST", "واحتج", c.who("مئات الطلاب", students), None, "المدينة", "ISR", confidence=0.75)
    out.append(c.article)

    d = Builder("fx-4", "beta", "2024-03-04T12:00:00", [
        "أثارت المبادرة الواشنطنية جدلا واسعا في الأوساط السياسية.",
        "وقالت اسرائيل إنها ترفض المبادرة، وأضاف محمد علي: «لن نقبل بهذا الاقتراح أبدا».",
        "واحتج سكان المدينه على ارتفاع الأسعار أمام مستشفي الحي.",
    ])
    israel = d.actor("d1", "إسرائيل", "country", "ISR", "GOV")
    muh = d.actor("d2", "مُحَمَّد علي", "person", "ISR", "GOV")
    residents = d.actor("d3", "سكان المدينه", "group", None, "CVL")
    d.quote("q1", "إنها ترفض المبادرة", d.who("اسرائيل", israel), cue="وقالت", kind="indirect")
    d.quote("q2", "لن نقبل بهذا الاقتراح أبدا", d.who("محمد علي", muh), cue="وأضاف")
    d.event("e1", "REJECT", "ترفض", d.who("اسرائيل", israel), None, confidence=0.65)
    d.event("e2", "PROTEST", "واحتج", d.who("سكان المدينه", residents), None, "الحي", None, confidence=0.55)
    out.append(d.article)

    e = Builder("fx-5", "alpha", "2024-03-05T07:30:00", [
        "هاجمت طائرات مسيرة مواقع عسكرية قرب الحدود الشمالية فجر اليوم.",
        "وطالبت الأمم المتحدة بوقف فوري لإطلاق النار في المنطقة.",
    ])
    drones = e.actor("e1a", "طائرات مسيرة", "group", None, "MIL")
    un = e.actor("e2a", "الأمم المتحدة", "organization", None, "IGO", cameo="IGOUNO")
    e.event("e1", "ASSAULT", "هاجمت", e.who("طائرات مسيرة", drones), e.who("مواقع عسكرية", None), "الحدود الشمالية", "EGY",
            confidence=0.85)
    e.event("e2", "REQUEST", "وطالبت", e.who("الأمم المتحدة", un), None, confidence=0.7, mode="demanded")
    out.append(e.article)

    f = Builder("fx-6", "beta", "2024-03-05T09:00:00", [
        "قصفت طائرات مسيرة مواقع عسكرية قرب الحدود الشمالية صباح اليوم وفق مصادر محلية.",
        "وقال شهود إن الانفجارات سمعت في القرى المجاورة للحدود.",
    ])
    drones_f = f.actor("f1", "طائرات مسيرة", "group", None, "MIL")
    f.event("e1", "ASSAULT", "قصفت", f.who("طائرات مسيرة", drones_f), None, "الحدود الشمالية", "EGY",
            confidence=0.8)
    f.quote("q1", "الانفجارات سمعت في القرى المجاورة للحدود", f.who("شهود", None), cue="وقال", kind="indirect")
    out.append(f.article)
    return out

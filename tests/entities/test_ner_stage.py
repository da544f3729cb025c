"""The `entities` stage: spans from labels, clitics excluded, ids, registration."""

from __future__ import annotations

from rasd.entities.stage import entities_from_labels, tag_article
from rasd.model import Article, Sentence, Token


def _tokens(text: str, proclitic_len: dict[str, int] | None = None) -> list[Token]:
    """Whitespace tokens with stem offsets: `proclitic_len[word]` letters are a proclitic."""
    proclitic_len = proclitic_len or {}
    out, pos = [], 0
    for word in text.split():
        start = text.index(word, pos)
        end = start + len(word)
        pos = end
        kind = "punct" if not word[0].isalnum() else "word"
        k = proclitic_len.get(word, 0)
        out.append(Token(start, end, kind, stem_start=start + k, stem_end=end, proclitics=word[:k]))
    return out


class FakeTagger:
    def __init__(self, labels_by_sentence):
        self.labels = list(labels_by_sentence)
        self.seen = []

    def tag(self, tokens):
        self.seen.append(tokens)
        return self.labels.pop(0)

    def tag_document(self, sentences):
        return [self.tag(s) for s in sentences]


def test_entity_start_excludes_proclitic():
    text = "وصل الوفد إلى وواشنطن ."
    toks = _tokens(text, {"وواشنطن": 1})
    ents = entities_from_labels(toks, ["O", "O", "O", "B-LOC", "O"])
    assert len(ents) == 1
    assert text[ents[0].start : ents[0].end] == "واشنطن"
    assert ents[0].type == "LOC" and ents[0].id == "e0"


def test_multi_word_entity_and_ids_across_sentences():
    text = "التقى سمير كريم بممثلي الأمم المتحدة . وغادر إلى بيروت"
    toks = _tokens(text)
    sents = [Sentence(0, text.index(".") + 1), Sentence(text.index("وغادر"), len(text))]
    art = Article(text=text, sentences=sents, tokens=toks)
    fake = FakeTagger([
        ["O", "B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O"],
        ["O", "O", "B-LOC"],
    ])
    tag_article(art, fake)
    assert fake.seen[0][0] == "التقى" and fake.seen[1] == ["وغادر", "إلى", "بيروت"]
    got = [(art.span_text(e), e.type, e.id) for e in art.entities]
    assert got == [("سمير كريم", "PER", "e0"), ("الأمم المتحدة", "ORG", "e1"), ("بيروت", "LOC", "e2")]


def test_entity_at_start_and_end_and_none():
    toks = _tokens("دمشق تستقبل الوفد")
    ents = entities_from_labels(toks, ["B-LOC", "O", "O"])
    assert (ents[0].start, ents[0].end) == (0, 4)
    toks = _tokens("الوفد في دمشق")
    ents = entities_from_labels(toks, ["O", "O", "B-LOC"])
    assert (ents[0].start, ents[0].end) == (9, 13)
    assert entities_from_labels(toks, ["O", "O", "O"]) == []
    # a stray I- starts an entity, as in conlleval
    assert [e.type for e in entities_from_labels(toks, ["I-ORG", "O", "I-LOC"])] == ["ORG", "LOC"]


def test_stage_with_real_model_strips_clitic(tagger):
    text = "وقال مصدر لوكالة « رويترز » إن الوفد وصل إلى وواشنطن ."
    toks = _tokens(text, {"لوكالة": 1, "وواشنطن": 1, "وقال": 1})
    art = Article(text=text, sentences=[Sentence(0, len(text))], tokens=toks)
    tag_article(art, tagger)
    got = {(art.span_text(e), e.type) for e in art.entities}
    assert ("رويترز", "ORG") in got
    assert ("واشنطن", "LOC") in got
    assert all(not art.span_text(e).startswith("و") or art.span_text(e) == "واشنطن" for e in art.entities)


def test_stage_is_registered():
    import rasd.entities.stage  # noqa: F401
    from rasd.pipeline import _REGISTRY

    stage = _REGISTRY["entities"]
    assert stage.needs == ("sentences", "tokens") and stage.adds == ("entities",)
    fn = stage.factory(__import__("rasd.settings", fromlist=["Settings"]).Settings())
    text = "زار الرئيس الفرنسي القاهرة ."
    art = Article(text=text, sentences=[Sentence(0, len(text))], tokens=_tokens(text))
    fn(art, None)
    assert [art.span_text(e) for e in art.entities if e.type == "LOC"] == ["القاهرة"]

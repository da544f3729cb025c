"""The cue lexicon: inflected forms, clitics peeled off, look-alikes refused."""

from __future__ import annotations

import pytest

from rasd.model import Article
from rasd.quotes.cues import cue_at
from rasd.quotes.lexicon import lexicon
from rasd.quotes.words import build_doc
from rasd.text import split_sentences, tokenize


def _doc(text: str):
    article = Article(text=text)
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    return build_doc(article)


@pytest.mark.parametrize(("word", "lemma", "gender", "clitics"), [
    ("قال", "قال", "m", 0),
    ("وقالت", "قال", "f", 1),
    ("فيما أكدت", "أكد", "f", 0),
    ("وأضاف", "أضاف", "m", 1),
    ("معتبرة", "معتبر", "f", 0),
    ("وبحسب تصريحات", "تصريح", "n", 0),
    ("لتكذيب", "تكذيب", "n", 1),
])
def test_cue_forms(word, lemma, gender, clitics):
    doc = _doc(word)
    cue = cue_at(doc, len(doc.words) - 1)
    assert cue is not None
    assert (cue.entry.lemma, cue.entry.gender, cue.clitics) == (lemma, gender, clitics)


@pytest.mark.parametrize("word", [
    "أعتبر",  # first person of اعتبر (hamzat al-wasl): I consider
    "وجدنا",  # we found: enclitics are not peeled for cues
    "كيري",  # a name, not ك + يري
    "الوزير",
    "وُصفت",  # the passive: what was described, not who described it
    "وحملت",  # carried: the cue is حمّلت (held responsible), written with its shadda
])
def test_not_cues(word):
    doc = _doc(word)
    assert cue_at(doc, 0) is None


def test_every_cue_kind_is_known():
    kinds = {entry.kind for entry in lexicon().cues.values()}
    assert kinds <= {"verb", "participle", "noun", "frame"}


def test_marker_lists_are_normalised():
    lex = lexicon()
    assert "ان" in lex.words["introducers"]  # أن
    assert "علي" not in lex.raw["speaker_stops"]  # the name علي is not the preposition على

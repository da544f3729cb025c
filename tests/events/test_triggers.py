"""The trigger lexicon (a feature of the trigger tagger): every type has entries, and words are
read with their clitics peeled."""

from __future__ import annotations

import pytest

from rasd.events.triggers import lexicon, word_readings

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@pytest.mark.parametrize("type_", TYPES)
def test_every_type_has_triggers(type_):
    assert any(entry.type == type_ for entries in lexicon().values() for entry in entries)


@pytest.mark.parametrize("word, reading", [
    ("وبالغارات", "غارات"), ("غارتها", "غاره"), ("فقصفوا", "قصفوا"), ("بحث", "بحث"),
])
def test_readings_peel_clitics(word, reading):
    assert reading in word_readings(word)


def test_whole_word_is_read_before_its_clitic_split():
    assert word_readings("بحث")[0] == "بحث"


@pytest.mark.parametrize("word, not_reading", [("أسلحة", "اسلح"), ("سلامة", "لام"), ("الفجر", "")])
def test_final_taa_marbuta_is_not_a_pronoun(word, not_reading):
    assert not_reading not in word_readings(word)

"""Scoring rules of `rasd eval actors`, and the figures on the shared gold."""

from __future__ import annotations

import json

import pytest

from rasd.actors.evaluate import (
    GoldEntity,
    find_mentions,
    match,
    prepare,
    score,
    seed_gold_values,
    with_gold_entities,
)
from rasd.model import Actor, Entity


def test_match_takes_only_the_same_span():
    article = prepare("وقال وزير الخارجية سمير نادر إن الوفد وصل.")
    article.entities = [Entity(10, 28, "PER", actor="a"), Entity(19, 28, "PER", actor="b")]
    gold = [GoldEntity(19, 28, "سمير نادر", "PER", "EGY", "GOV"), GoldEntity(5, 9, "وزير", "PER", None, None),
            GoldEntity(23, 28, "نادر", "PER", "EGY", "GOV")]
    pairs = match(article, gold)
    assert pairs[0][1] is article.entities[1]
    assert pairs[1][1] is None and pairs[2][1] is None  # an overlap is no match


def test_score_counts_null_as_a_value_and_splits_the_errors():
    article = prepare("وقال سمير نادر إن الأمم المتحدة وعمان وافقت.")
    article.entities = [Entity(5, 14, "PER", actor="a"), Entity(18, 31, "ORG", actor="b"),
                        Entity(33, 37, "LOC", actor="c")]
    article.actors = [Actor("a", "سمير نادر", "person", "EGY", None), Actor("b", "الأمم المتحدة", "organization", None, "IGO"),
                      Actor("c", "عمان", "country", None, None)]
    gold = [GoldEntity(5, 14, "سمير نادر", "PER", "EGY", "GOV"), GoldEntity(18, 31, "الأمم المتحدة", "ORG", None, "IGO"),
            GoldEntity(33, 37, "عمان", "LOC", "OMN", None)]
    scores = score(article, gold)
    c, s = scores.country, scores.sector
    assert (scores.matched, c.right, c.total, c.null_both, c.missed, c.wrong, c.invented) == (3, 2, 3, 1, 1, 0, 0)
    assert (c.gold_named_right, c.gold_named) == (1, 2)
    # a place has no sector in the gold: it is not counted for sectors
    assert (s.right, s.total, s.missed) == (1, 2, 1)


def test_find_mentions_allows_proclitics_and_skips_overlaps():
    text = "زار نادر الأردن. وقال سمير نادر ولنادر رأي."
    found = find_mentions(text, [("سمير نادر", "PER", "EGY", "GOV"), ("نادر", "PER", "EGY", "GOV")])
    assert [(g.text, text[g.start : g.end]) for g in found] == [("نادر", "نادر"), ("سمير نادر", "سمير نادر"),
                                                                 ("نادر", "نادر")]


@pytest.mark.shared
def test_seed_figures(seed_path):
    gold = json.loads(seed_path.with_name(seed_path.name.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))
    text = seed_path.read_text(encoding="utf-8")
    mentions = find_mentions(text, seed_gold_values(gold["entities"]))
    scores = score(with_gold_entities(prepare(text, "seed"), mentions), mentions)
    assert scores.country.gold_named > 40 and scores.country.named_accuracy() >= 0.95
    assert scores.sector.named_accuracy() >= 0.9


@pytest.mark.shared
def test_seed_people_get_their_gold_sector(seed_path):
    gold = json.loads(seed_path.with_name(seed_path.name.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))
    text = seed_path.read_text(encoding="utf-8")
    mentions = find_mentions(text, seed_gold_values(gold["entities"]))
    people = [g for g in mentions if g.type == "PER" and g.sector]
    scores = score(with_gold_entities(prepare(text, "seed"), mentions), people)
    assert scores.sector.gold_named == len(people) > 5 and scores.sector.named_accuracy() >= 0.9, scores.errors

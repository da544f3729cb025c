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


def test_match_prefers_same_span_then_overlap():
    article = prepare("وقال وزير الخارجية سمير نادر إن الوفد وصل.")
    article.entities = [Entity(10, 28, "PER", actor="a"), Entity(20, 28, "PER", actor="b")]
    gold = [GoldEntity(20, 28, "سمير نادر", "PER", "EGY", "GOV"), GoldEntity(5, 9, "وزير", "PER", None, None)]
    pairs = match(article, gold)
    assert pairs[0][1] is article.entities[1]
    assert pairs[1][1] is None


def test_score_counts_country_and_sector_separately():
    article = prepare("وقال سمير نادر إن الوفد وصل.")
    article.entities = [Entity(5, 14, "PER", actor="a")]
    article.actors = [Actor("a", "سمير نادر", "person", "EGY", None)]
    scores = score(article, [GoldEntity(5, 14, "سمير نادر", "PER", "EGY", "GOV")])
    assert (scores.matched, scores.country_right, scores.country_total, scores.sector_right, scores.sector_total) \
        == (1, 1, 1, 0, 1)


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
    assert scores.country_total > 40 and scores.country_right == scores.country_total
    assert scores.sector_right / scores.sector_total >= 0.95


@pytest.mark.shared
def test_seed_people_get_their_gold_sector(seed_path):
    gold = json.loads(seed_path.with_name(seed_path.name.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))
    text = seed_path.read_text(encoding="utf-8")
    mentions = find_mentions(text, seed_gold_values(gold["entities"]))
    people = [g for g in mentions if g.type == "PER" and g.sector]
    scores = score(with_gold_entities(prepare(text, "seed"), mentions), people)
    assert scores.sector_total == len(people) > 5 and scores.sector_right == scores.sector_total, scores.errors

"""`rasd eval entities`: the exact span + type scorer, gold spans → token labels, and the
command without data. Sentences written for these tests."""

from __future__ import annotations

import json

import pytest

from rasd.cli import main
from rasd.entities.align import align
from rasd.entities.stage import entities_from_labels
from rasd.evaluation.entities import MISC_KEEP, TEXT_STAGES, EntityScores, evaluate_entities, gold_spans
from rasd.evaluation.gold import GoldDocument
from rasd.model import Article, Entity
from rasd.pipeline import Pipeline

TEXT = "وقال وزير الخارجية سامي نادر للصحفيين في وواشنطن إن الحكومة ستدرس العرض."


def _span(word: str, typ: str, text: str = TEXT) -> dict:
    start = text.index(word)
    return {"start": start, "end": start + len(word), "text": word, "type": typ}


def _gold(entities: list[dict], text: str = TEXT) -> GoldDocument:
    return GoldDocument("d1", text, True, {"docno": "d1", "text": text, "entities": entities}, ())


def _fixed(entities: list[tuple[str, str]], text: str = TEXT):
    """An analyser that returns these entities, whatever the model says."""
    def analyse(document: GoldDocument) -> Article:
        article = Article(text=document.raw)
        article.entities = [Entity(start=text.index(w), end=text.index(w) + len(w), type=t) for w, t in entities]
        return article
    return analyse


def test_exact_span_and_type():
    gold = _gold([_span("سامي نادر", "PER"), _span("واشنطن", "LOC"), _span("الحكومة", "ORG")])
    # right PER; LOC with the clitic left on (wrong span); ORG typed LOC (wrong type)
    scores = evaluate_entities([gold], _fixed([("سامي نادر", "PER"), ("وواشنطن", "LOC"), ("الحكومة", "LOC")]))
    assert scores.overall.tp == 1 and scores.overall.predicted == 3 and scores.overall.gold == 3
    assert scores.per_type["PER"].f1 == 1.0
    assert scores.per_type["LOC"].tp == 0 and scores.per_type["LOC"].predicted == 2
    assert scores.per_type["ORG"].recall == 0.0
    assert abs(scores.f1 - 1 / 3) < 1e-9
    assert "micro" in scores.format()


def test_misc_predictions_dropped_or_kept():
    gold = _gold([_span("سامي نادر", "PER")])
    analyse = _fixed([("سامي نادر", "PER"), ("العرض", "MISC")])
    assert evaluate_entities([gold], analyse).overall.precision == 1.0
    assert evaluate_entities([gold], analyse, misc=MISC_KEEP).overall.precision == 0.5


def test_scores_add_over_documents():
    scores = EntityScores()
    scores.add({(0, 3, "PER")}, {(0, 3, "PER")})
    scores.add({(5, 9, "LOC")}, set())
    assert scores.documents == 2 and scores.overall.recall == 0.5 and scores.overall.precision == 1.0


def test_gold_spans_map_to_text_layer_tokens():
    gold = _gold([_span("سامي نادر", "PER"), _span("لصحفيين", "ORG"), _span("واشنطن", "LOC")])
    article = Pipeline(TEXT_STAGES)(Article(text=TEXT))
    alignment = align(article, sorted(gold_spans(gold)))
    assert not alignment.unaligned
    words = [w for s in alignment.sentences for w in s.words]
    labels = [lab for s in alignment.sentences for lab in s.labels]
    tagged = {w: lab for w, lab in zip(words, labels, strict=True) if lab != "O"}
    # للصحفيين: the gold keeps the second ل of ل + ال; وواشنطن: the span starts after و
    assert tagged == {"سامي": "B-PER", "نادر": "I-PER", "للصحفيين": "B-ORG", "وواشنطن": "B-LOC"}
    # and the entities stage gives back exactly the gold offsets from those labels
    tokens = [t for s in alignment.sentences for t in s.tokens]
    spans = {(e.start, e.end, e.type) for e in entities_from_labels(tokens, labels)}
    assert spans == gold_spans(gold)


def test_span_inside_a_token_is_reported_not_labelled():
    gold = _gold([{"start": TEXT.index("نادر") + 1, "end": TEXT.index("نادر") + 4, "type": "PER"}])
    alignment = align(Pipeline(TEXT_STAGES)(Article(text=TEXT)), sorted(gold_spans(gold)))
    assert len(alignment.unaligned) == 1
    assert all(lab == "O" for s in alignment.sentences for lab in s.labels)


def test_the_shipped_model_finds_names_in_news_text():
    text = "وقال الرئيس الفرنسي إيمانويل ماكرون في باريس إن فرنسا سترسل مساعدات إلى لبنان."
    gold = _gold([_span("إيمانويل ماكرون", "PER", text), _span("باريس", "LOC", text),
                  _span("فرنسا", "LOC", text), _span("لبنان", "LOC", text)], text)
    assert evaluate_entities([gold]).overall.recall >= 0.5


def test_eval_entities_without_data_exits_2(capsys, tmp_path):
    assert main(["eval", "entities", "--split", "dev", "--shared-data", str(tmp_path)]) == 2
    assert "news-annotated" in capsys.readouterr().err
    assert main(["eval", "entities", "--gold", str(tmp_path / "none.json")]) == 2


def test_eval_entities_on_a_gold_file(capsys, tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps([_gold([_span("سامي نادر", "PER")]).record], ensure_ascii=False), encoding="utf-8")
    assert main(["eval", "entities", "--gold", str(path)]) == 0
    out = capsys.readouterr().out
    assert "micro" in out and "PER" in out


@pytest.mark.shared
def test_eval_entities_dev_split(capsys, shared):
    assert main(["eval", "entities", "--split", "dev"]) == 0
    micro = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("micro")][0]
    assert float(micro.split()[3]) > 0.5


def test_model_loads_from_the_package_without_shared(tmp_path):
    """A process that may not open anything under ../shared still loads and runs the tagger."""
    import subprocess
    import sys

    from rasd.evaluation.gold import SHARED_DIR

    code = f"""
import sys
SHARED = {str(SHARED_DIR.resolve())!r}
def guard(event, args):
    if event == "open" and args and isinstance(args[0], str) and args[0].startswith(SHARED):
        raise RuntimeError("opened " + args[0])
sys.addaudithook(guard)
from rasd.entities.tagger import CrfTagger
words = "وقال الرئيس الفرنسي إيمانويل ماكرون في باريس إن فرنسا سترسل مساعدات إلى لبنان .".split()
print(sorted({{label[2:] for label in CrfTagger.load().tag_document([words])[0] if label != "O"}}))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOC" in done.stdout


@pytest.mark.parametrize(("word", "article"), [("ألمانيا", False), ("وألباريس", False), ("الرباط", True),
                                               ("بالعراق", True)])
def test_hamza_alef_is_not_the_article(word, article):
    from rasd.entities.features import FeatureExtractor

    own = FeatureExtractor().unit(word)[0]
    assert ("al" in own) is article
    assert any(f.startswith("b=ال") for f in own) is not article

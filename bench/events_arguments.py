"""Event arguments with the annotated (oracle) triggers: how often the argument ranker and the
actor linker give the annotated source and target codes when the trigger is right, and where
the rest is lost.

    python bench/events_arguments.py [--split dev] [--retrain] [--cache DIR]

For each annotated event of `--split` with trigger offsets (the older-format dev articles have
none), the shipped ranker (or, with --retrain, one trained here on `train` with the code's
current features) picks source and target on the annotated trigger, the linker codes them,
and the codes are compared with the contract's rule (a gold null matches anything). Each
wrong role is put in one class:

- not_candidate: the annotated mention is written in the sentence but no candidate covers it;
- implied_missing: the actor is not written in the sentence and no carried candidate has its code;
- ranked: a candidate with the right code is there (written or carried), another was chosen;
- inverted: the chosen mention is the one annotated for the other role;
- none_chosen: a right candidate is there and "none" was chosen;
- linking: the chosen mention is the annotated one but its code is wrong (no country, another).

The prepared articles (the stages before events) are cached under --cache, keyed on the split:
delete the folder after changing a stage before events.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

from rasd.evaluation.gold import load_split
from rasd.events import models as event_models
from rasd.events.linear import fit
from rasd.events.linking import ActorLinker
from rasd.events.roles import ROLES, SOURCE, TARGET, ArgumentRanker
from rasd.events.train import (
    OLDER_FORMAT,
    Prepared,
    _code,
    _overlaps,
    _trigger_info,
    argument_examples,
    code_matches,
    country_examples,
    gold_triggers,
    pre_pipeline,
    prepare,
)
from rasd.events.view import mention_code

DEFAULT_CACHE = Path("/tmp/rasd_events_arguments")
SEED = 13


def prepared(split: str, cache: Path) -> list[Prepared]:
    path = cache / f"{split}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    out = list(prepare(load_split(split), pre_pipeline()))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def train_ranker(train: list[Prepared], c: float) -> tuple[ArgumentRanker, object]:
    from rasd.events.linking import BodyCountry
    from rasd.events.train import ARGUMENT_C

    xs, ys, cx, cy = [], [], [], []
    for p in train:
        if p.record.get(OLDER_FORMAT):
            continue
        actors = {a.id: a for a in p.article.actors}
        linker = ActorLinker(p.article)
        for si, found in gold_triggers(p).items():
            view = p.views[si]
            for (first, last, type_), events in sorted(found.items()):
                info = _trigger_info(p, si, first, last, type_)
                for f, y in argument_examples(view, info, events, actors):
                    xs.append(f)
                    ys.append(y)
                for f, y in country_examples(linker, view, events):
                    cx.append(f)
                    cy.append(y)
    print(f"{len(xs)} argument examples, {len(cx)} country examples", file=sys.stderr)
    ranker = ArgumentRanker(fit(xs, ys, SEED, c=c if c else ARGUMENT_C))
    return ranker, BodyCountry(fit(cx, cy, SEED))


def analyse(dev: list[Prepared], ranker: ArgumentRanker, country, show: int = 0) -> tuple[Counter, list]:
    tally: Counter = Counter()
    examples = []
    for p in dev:
        if p.record.get(OLDER_FORMAT):
            continue
        linker = ActorLinker(p.article, country)
        actors = {a.id: a for a in p.article.actors}
        for si, found in gold_triggers(p).items():
            view = p.views[si]
            for (first, last, type_), events in sorted(found.items()):
                info = _trigger_info(p, si, first, last, type_)
                args = ranker(view, info)
                chosen = {SOURCE: args.source, TARGET: args.target}
                spans = {SOURCE: linker.span(args.source, view.mentions, args.target),
                         TARGET: linker.span(args.target, view.mentions, args.source)}
                codes = {r: _code(p.article, spans[r]) for r in ROLES}
                for g in events:
                    tally["events"] += 1
                    ok = {r: code_matches(g.get(r), codes[r]) for r in ROLES}
                    swapped = type_ in ("CONSULT", "COOPERATE", "AGREE") and code_matches(
                        g.get(SOURCE), codes[TARGET]) and code_matches(g.get(TARGET), codes[SOURCE])
                    if (ok[SOURCE] and ok[TARGET]) or swapped:
                        tally["both_right"] += 1
                        continue
                    for r in ROLES:
                        if ok[r]:
                            continue
                        other = TARGET if r == SOURCE else SOURCE
                        cls = _classify(p, view, g, r, other, chosen[r], actors)
                        tally[f"{r}:{cls}"] += 1
                        tally[f"all:{cls}"] += 1
                        if len(examples) < show:
                            examples.append((p.article.text[p.article.sentences[si].start:
                                                              p.article.sentences[si].end],
                                             type_, r, g.get(r), g.get(f"{r}_text"), codes[r],
                                             None if chosen[r] is None else
                                             p.article.text[chosen[r].start:chosen[r].end], cls))
    return tally, examples


def _classify(p: Prepared, view, g: dict, role: str, other: str, chosen, actors) -> str:
    gold = g.get(role)
    start, end = g.get(f"{role}_start"), g.get(f"{role}_end")
    cands = [m for m in view.mentions]
    right = [m for m in cands + list(view.earlier) if code_matches(gold, mention_code(actors, m))]
    if chosen is not None and start is not None and _overlaps(chosen, start, end):
        return "linking"
    os_, oe = g.get(f"{other}_start"), g.get(f"{other}_end")
    if chosen is not None and os_ is not None and _overlaps(chosen, os_, oe):
        return "inverted"
    if start is not None and not any(_overlaps(m, start, end) for m in cands) and not right:
        return "not_candidate"
    if start is None and not right:
        return "implied_missing"
    if chosen is None:
        return "none_chosen"
    return "ranked"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--retrain", action="store_true", help="train the ranker here on train first")
    parser.add_argument("--c", type=float, default=0.0, help="the ranker's C when retraining (0: the shipped setting)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--show", type=int, default=0, help="print this many wrong roles")
    args = parser.parse_args(argv)
    t0 = time.time()
    dev = prepared(args.split, args.cache)
    if args.retrain:
        ranker, country = train_ranker(prepared("train", args.cache), args.c)
    else:
        models = event_models.load_models()
        ranker, country = models.arguments, models.country
    print(f"prepared and trained in {time.time() - t0:.0f}s", file=sys.stderr)
    tally, examples = analyse(dev, ranker, country, args.show)
    n = tally["events"]
    print(f"{args.split}: {n} annotated events on their annotated trigger; both actors right "
          f"{tally['both_right']} ({tally['both_right'] / max(n, 1):.3f})")
    for key in sorted(k for k in tally if ":" in k):
        print(f"  {key:28s} {tally[key]}")
    for ex in examples:
        print(" | ".join(str(x) for x in ex))


if __name__ == "__main__":
    main()

"""Side-by-side NER benchmark: rasd's CRF tagger vs spaCy (blank "ar" + `ner`, default CPU
config), both trained on the same ANERcorp train file, scored (exact-span, conlleval) on the
same test file, and timed on one CPU core.

    .venv/bin/python bench/bench_ner.py                 # CRF = the packaged model
    .venv/bin/python bench/bench_ner.py --epochs 3      # spaCy training epochs (bounded)
    .venv/bin/python bench/bench_ner.py --skip-spacy    # CRF only (+ AQMAR, memory)

spaCy is a benchmark-only dependency (`pip install -e .[bench]`). Its training is bounded to
ten epochs by default (about 20–40 s each on one core), so its F1 is what a short default
run gives, not its best.
"""

from __future__ import annotations

import os

# One core for everything (BLAS/OpenMP pools included), before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from rasd.entities.conll import read_conll, score  # noqa: E402
from rasd.entities.tagger import CrfTagger  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})


# Throughput is CPU time of this process pinned to one core (time.process_time), so that
# other jobs on a shared machine do not distort it; wall-clock figures are printed too.
clock = time.process_time


def news_stream(path: Path, tokens: int = 300_000, skip_docs: int = 25_000) -> list[list[str]]:
    """Fresh news text for a throughput run: sentences from the end of the ANT corpus."""
    from rasd.entities.train import _split_sentences, iter_unlabeled

    out: list[list[str]] = []
    n = 0
    for i, para in enumerate(iter_unlabeled(path)):
        if i < skip_docs * 4:  # ~4 paragraphs per article
            continue
        for sent in _split_sentences(para):
            out.append(sent)
            n += len(sent)
        if n >= tokens:
            break
    return out


def crf_run(model: str | None, test, stream) -> dict:
    t0 = time.perf_counter()
    tagger = CrfTagger.load(model)
    load_s = time.perf_counter() - t0
    sents = [t for t, _ in test]
    n = sum(len(s) for s in sents)
    c0, w0 = clock(), time.perf_counter()
    # The test file read as one document, in order, as the pipeline stage reads an article
    # (a context-trained model tags twice where names recur). Fresh tagger: cold caches.
    pred = tagger.tag_document(sents)
    cold, cold_wall = clock() - c0, time.perf_counter() - w0
    c0 = clock()
    tagger.tag_document(sents)
    warm = clock() - c0
    out = {"tok_s": n / cold, "tok_s_wall": n / cold_wall, "tok_s_warm": n / warm, "load_s": load_s, "tokens": n}
    if stream:
        tagger = CrfTagger.load(model)
        m = sum(len(s) for s in stream)
        c0 = clock()
        tagger.tag_document(stream)
        out["tok_s_stream"] = m / (clock() - c0)
        out["stream_tokens"] = m
    out["scores"] = score([y for _, y in test], pred)
    return out


def crf_rss(model: str | None, test_file: str) -> float:
    """Peak resident memory (MB) of a fresh process that loads the tagger and tags the test file."""
    code = (
        "import sys\n"
        "from rasd.entities.tagger import CrfTagger\n"
        "from rasd.entities.conll import read_conll\n"
        f"t = CrfTagger.load({model!r})\n"
        f"t.tag_document([s for s, _ in read_conll({test_file!r})])\n"
        # VmHWM, not ru_maxrss: the latter can carry the parent's size across fork+exec
        "print([int(x.split()[1]) / 1024 for x in open('/proc/self/status') if x.startswith('VmHWM')][0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _bio_to_biluo(labels):
    from spacy.training import iob_to_biluo

    return iob_to_biluo(labels)


def spacy_run(train, test, epochs: int, seed: int, max_train: int | None) -> dict:
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("ar")
    nlp.add_pipe("ner")  # default CPU config (HashEmbedCNN tok2vec + transition parser)
    train = train[:max_train] if max_train else train
    examples = []
    for toks, labels in train:
        doc = Doc(nlp.vocab, words=toks)
        examples.append(Example.from_dict(doc, {"entities": _bio_to_biluo(labels)}))
    t0 = time.perf_counter()
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        print(f"  spaCy epoch {epoch + 1}/{epochs}: loss {losses.get('ner', 0):.0f} "
              f"({time.perf_counter() - t0:.0f}s)", flush=True)
    train_s = time.perf_counter() - t0
    ner = nlp.get_pipe("ner")
    docs = [Doc(nlp.vocab, words=t) for t, _ in test]
    n = sum(len(d) for d in docs)
    c0 = clock()
    docs = list(ner.pipe(docs, batch_size=256))
    dt = clock() - c0
    pred = []
    for doc in docs:
        labels = ["O"] * len(doc)
        for ent in doc.ents:
            labels[ent.start] = "B-" + ent.label_
            for i in range(ent.start + 1, ent.end):
                labels[i] = "I-" + ent.label_
        pred.append(labels)
    s = score([y for _, y in test], pred)
    return {"scores": s, "tok_s": n / dt, "train_s": train_s, "tokens": n}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", default=str(SHARED / "anercorp" / "anercorp_train.conll"))
    ap.add_argument("--test", default=str(SHARED / "anercorp" / "anercorp_test.conll"))
    ap.add_argument("--aqmar", default=str(SHARED / "aqmar"), help="folder of AQMAR .txt files ('' to skip)")
    ap.add_argument("--model", default=None, help="CRF model dir (default: the packaged model)")
    ap.add_argument("--epochs", type=int, default=10, help="spaCy training epochs (bounded on purpose)")
    ap.add_argument("--max-train-sentences", type=int, default=None)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--skip-spacy", action="store_true")
    ap.add_argument("--no-stream", action="store_true", help="skip the 300k-token news-stream timing")
    ap.add_argument("--json", default=None, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)

    pin_one_core()
    test = read_conll(args.test)
    print(f"test: {args.test} ({sum(len(t) for t, _ in test):,} tokens, {len(test):,} sentences); one core")

    ant = SHARED / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz"
    stream = news_stream(ant) if ant.exists() and not args.no_stream else []
    crf = crf_run(args.model, test, stream)
    print("\nCRF (rasd) on the test file:\n" + crf["scores"].format())
    rss = crf_rss(args.model, args.test)
    out = {"crf": {k: v for k, v in crf.items() if k != "scores"}}
    out["crf"].update({"f1": crf["scores"].f1, "per_type": crf["scores"].as_dict(), "rss_mb": rss})
    if args.aqmar and Path(args.aqmar).exists():
        from rasd.entities.conll import evaluate_conll

        tagger = CrfTagger.load(args.model)
        aq = evaluate_conll(args.aqmar, tagger)
        print("\nCRF (rasd) on AQMAR (out of domain; MIS* → MISC):\n" + aq.format())
        plo = aq.only(("PER", "LOC", "ORG"))
        print(f"AQMAR without MISC (PER/LOC/ORG only): P {plo.precision:.2f} R {plo.recall:.2f} F1 {plo.f1:.2f}")
        out["crf"]["aqmar_f1"] = aq.f1
        out["crf"]["aqmar_f1_per_loc_org"] = plo.f1
        out["crf"]["aqmar"] = aq.as_dict()

    rows = [("rasd CRF", crf["scores"].f1, crf["tok_s"], None)]
    if not args.skip_spacy:
        train = read_conll(args.train)
        print(f"\nspaCy: training blank('ar') + ner for {args.epochs} epochs on {len(train):,} sentences")
        sp = spacy_run(train, test, args.epochs, args.seed, args.max_train_sentences)
        print("spaCy on the test file:\n" + sp["scores"].format())
        out["spacy"] = {"f1": sp["scores"].f1, "per_type": sp["scores"].as_dict(), "tok_s": sp["tok_s"],
                        "train_s": sp["train_s"], "epochs": args.epochs}
        rows.append((f"spaCy ner ({args.epochs} ep)", sp["scores"].f1, sp["tok_s"], sp["train_s"]))

    print("\n| system | F1 (exact span) | tokens/s (1 core, test file, CPU time) |")
    print("|---|---:|---:|")
    for name, f1, tps, _ in rows:
        print(f"| {name} | {f1:.2f} | {tps:,.0f} |")
    if len(rows) == 2:
        print(f"| ratio CRF/spaCy | {rows[0][1] / max(rows[1][1], 1e-9):.2f} | {rows[0][2] / rows[1][2]:.1f}x |")
    print(f"\nCRF: load {crf['load_s']:.1f}s (20,000 words prewarmed); test file with a fresh tagger "
          f"{crf['tok_s']:,.0f} tokens/s CPU ({crf['tok_s_wall']:,.0f} wall), second pass {crf['tok_s_warm']:,.0f}")
    if "tok_s_stream" in crf:
        print(f"CRF on {crf['stream_tokens']:,} tokens of unseen news (ANT, fresh tagger): "
              f"{crf['tok_s_stream']:,.0f} tokens/s CPU on one core")
    print(f"CRF peak RSS {rss:.0f} MB (fresh process: load + tag the test file)")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

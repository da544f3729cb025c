"""Rebuild the shipped NER model: distributional word classes from unlabeled news (word2vec +
spherical k-means at several granularities) and a CRF trained on ANERcorp train plus the
annotated news articles' train split (tokenised by the text layer, as at run time).

    train_ner("../shared/data/anercorp/anercorp_train.conll",
              "../shared/data/ant-corpus-multisource-full/ant_multisource_all.jsonl.gz",
              "src/rasd/models", news_file="../shared/data/news-annotated/train.json")

Deterministic for a given seed: word2vec runs on one worker thread, k-means uses a seeded
generator, CRF training (L-BFGS) is deterministic.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from rasd.entities.conll import read_conll, score
from rasd.entities.features import FeatureExtractor, Lexicon, WordClasses, normalise

MODEL_FILE = "ner.crfsuite"
CLASSES_FILE = "word_classes.tsv.gz"
VECTORS_FILE = "word_classes.vectors.npy"
INFO_FILE = "ner_training.json"
DEFAULT_SEED = 13
DEFAULT_GRANULARITIES = (64, 256, 1024, 4096)
DEFAULT_C1 = 0.05
# L2 weight: news-annotated dev F1 0.841 with 0.01, 0.851 with 0.05 (ANERcorp + news x2).
# (On the ANERcorp-only model 0.05 had also helped its dev slice, 76.44 -> 77.57.)
DEFAULT_C2 = 0.05
DEFAULT_ITERATIONS = 200
# Folds of the cross-validated first pass whose labels give the document-context features.
CONTEXT_FOLDS = 2
# How many times each annotated news sentence is given to the CRF (CRFsuite has no instance
# weights): the in-domain articles are fewer than ANERcorp's sentences but are what rasd reads.
# dev F1 (news-annotated dev, old self-trained lexicon column): once 0.835, three times 0.839
# but four times the training time; twice is the compromise.
DEFAULT_NEWS_WEIGHT = 2
# Self-training (a first CRF tags the ANT corpus; the labels become a word-class column)
# doubles the CRF training time; with the in-domain news articles it is off by default.
DEFAULT_SELF_TRAIN = False

_TOKEN = re.compile(r"\w+|[^\w\s]")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# -- unlabeled text ------------------------------------------------------------------------
def iter_unlabeled(path: str | Path, max_docs: int | None = None) -> Iterator[list[str]]:
    """Normalised token lists, one per paragraph, from a JSONL(.gz) file with a `text` field
    (or a plain text file, one paragraph per line)."""
    p = str(path)
    opener = gzip.open if p.endswith(".gz") else open
    with opener(p, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if max_docs is not None and n >= max_docs:
                break
            if p.endswith((".jsonl", ".jsonl.gz")):
                doc = json.loads(line)
                text = "\n".join(x for x in (doc.get("title"), doc.get("text")) if x)
            else:
                text = line
            for para in text.split("\n"):
                toks = [normalise(t) for t in _TOKEN.findall(para)]
                if len(toks) > 1:
                    yield toks


def _kmeans(x, k: int, seed: int, iterations: int = 12):
    """Spherical k-means on the L2-normalised rows of x; returns the label of each row."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = x.shape[0]
    k = min(k, n)
    centres = x[rng.choice(n, size=k, replace=False)].copy()
    labels = np.zeros(n, dtype=np.int32)
    chunk = 8192
    for _ in range(iterations):
        for s in range(0, n, chunk):
            labels[s : s + chunk] = np.argmax(x[s : s + chunk] @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, x)
        counts = np.bincount(labels, minlength=k)
        empty = counts == 0
        if empty.any():  # reseed empty clusters with random points
            sums[empty] = x[rng.choice(n, size=int(empty.sum()), replace=False)]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centres = sums / np.maximum(norms, 1e-9)
    for s in range(0, n, chunk):
        labels[s : s + chunk] = np.argmax(x[s : s + chunk] @ centres.T, axis=1)
    return labels


def build_word_classes(
    unlabeled_file: str | Path,
    out_path: str | Path,
    *,
    seed: int = DEFAULT_SEED,
    granularities: Sequence[int] = DEFAULT_GRANULARITIES,
    max_docs: int | None = None,
    vector_size: int = 100,
    window: int = 5,
    min_count: int = 5,
    epochs: int = 5,
    max_words: int = 250_000,
    workers: int = 1,
    vectors_path: str | Path | None = None,
) -> Path:
    """word2vec (skip-gram) on the unlabeled corpus, then k-means at each granularity; writes
    `word<TAB>k64<TAB>k256...` (gzip) for the `max_words` most frequent words."""
    import numpy as np
    from gensim.models import Word2Vec

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        n_tok = 0
        with open(corpus, "w", encoding="utf-8") as fh:
            for toks in iter_unlabeled(unlabeled_file, max_docs):
                fh.write(" ".join(toks) + "\n")
                n_tok += len(toks)
        log(f"word2vec corpus: {n_tok:,} tokens")
        model = Word2Vec(
            corpus_file=str(corpus),
            vector_size=vector_size,
            window=window,
            min_count=min_count if max_docs is None else 1,
            sg=1,
            negative=5,
            sample=1e-4,
            epochs=epochs,
            workers=workers,
            seed=seed,
        )
    kv = model.wv
    words = kv.index_to_key[:max_words]
    x = np.asarray(kv.vectors[: len(words)], dtype=np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    log(f"word2vec done: {len(words):,} words; clustering at {list(granularities)}")
    if vectors_path is not None:
        np.save(vectors_path, (x * 127).round().astype(np.int8))  # unit vectors, 8-bit
    cols = []
    for i, k in enumerate(granularities):
        cols.append(_kmeans(x, k, seed + i))
        log(f"k-means k={k} done")
    with (
        gzip.GzipFile(out_path, "wb", compresslevel=9, mtime=0) as raw,
        io.TextIOWrapper(raw, encoding="utf-8") as fh,
    ):
        fh.write("word\t" + "\t".join(str(k) for k in granularities) + "\n")
        for j, w in enumerate(words):
            if "\t" in w or "\n" in w:
                continue
            fh.write(w + "\t" + "\t".join(str(int(c[j])) for c in cols) + "\n")
    return out_path


def _split_sentences(toks: list[str]) -> Iterator[list[str]]:
    cur: list[str] = []
    for t in toks:
        cur.append(t)
        if t in (".", "!", "?", "؟") or len(cur) >= 120:
            yield cur
            cur = []
    if cur:
        yield cur


def add_auto_lexicon(
    tagger,
    unlabeled_file: str | Path,
    classes_path: str | Path,
    out_path: str | Path,
    *,
    max_docs: int | None = None,
    min_count: int = 2,
) -> dict[str, int]:
    """Self-training step: tag the unlabeled corpus with a first CRF, and record for each word
    of the word-class table the entity type it most often gets and how often (bucketed), as a
    `lex` column: `PER3` = tagged PER in ≥ 80 % of its occurrences, `PER2` ≥ 50 %, `PER1` ≥ 20 %,
    `-` otherwise. Aggregating over the whole corpus lets evidence from clear contexts reach
    the ambiguous ones."""
    from collections import Counter

    classes = WordClasses.read(classes_path)
    vocab = classes.table
    total: Counter[str] = Counter()
    typed: dict[str, Counter[str]] = {}
    n_tok = 0
    for para in iter_unlabeled(unlabeled_file, max_docs):
        for sent in _split_sentences(para):
            labels = tagger.tag(sent)
            n_tok += len(sent)
            for w, lab in zip(sent, labels, strict=True):
                if w not in vocab:
                    continue
                total[w] += 1
                if lab != "O":
                    typed.setdefault(w, Counter())[lab[2:]] += 1
    log(f"auto-lexicon: tagged {n_tok:,} tokens")
    lex: dict[str, str] = {}
    for w, counts in typed.items():
        n = total[w]
        if n < min_count:
            continue
        typ, k = counts.most_common(1)[0]
        share = k / n
        if share >= 0.8:
            lex[w] = f"{typ}3"
        elif share >= 0.5:
            lex[w] = f"{typ}2"
        elif share >= 0.2:
            lex[w] = f"{typ}1"
    names = [n for n in classes.names if n != "lex"]
    cols = [classes.names.index(n) for n in names]
    rows = sorted(classes.rank.items(), key=lambda kv: kv[1])
    with (
        gzip.GzipFile(out_path, "wb", compresslevel=9, mtime=0) as raw,
        io.TextIOWrapper(raw, encoding="utf-8") as fh,
    ):
        fh.write("word\t" + "\t".join(names) + "\tlex\n")
        for w, _ in rows:
            vals = vocab[w]
            fh.write(w + "\t" + "\t".join(vals[i] for i in cols) + "\t" + lex.get(w, "-") + "\n")
    from collections import Counter as C2

    return dict(C2(v[:-1] for v in lex.values()))


def to_bilou(labels: Sequence[str]) -> list[str]:
    """BIO → BILOU (Last and Unit-length chunks get their own labels), which CRFs learn better."""
    out = list(labels)
    n = len(out)
    for i, lab in enumerate(labels):
        if lab == "O":
            continue
        typ = lab[2:]
        starts = lab.startswith("B-") or i == 0 or labels[i - 1][2:] != typ or labels[i - 1] == "O"
        ends = i + 1 >= n or labels[i + 1] != "I-" + typ
        if starts and ends:
            out[i] = "U-" + typ
        elif starts:
            out[i] = "B-" + typ
        elif ends:
            out[i] = "L-" + typ
        else:
            out[i] = "I-" + typ
    return out


# -- annotated news ---------------------------------------------------------------------------
def read_news(path: str | Path, *, max_sentences: int | None = None) -> list[tuple[list[str], list[str]]]:
    """(tokens, BIO labels) of every sentence of the annotated news articles in `path` (the
    news-annotated format), tokenised by the text layer as the entities stage sees text;
    whole articles, in order, until `max_sentences`."""
    from rasd.entities.align import align
    from rasd.evaluation.entities import TEXT_STAGES, body_article, gold_spans
    from rasd.evaluation.gold import load_gold
    from rasd.pipeline import Pipeline

    text_layer = Pipeline(TEXT_STAGES)
    out: list[tuple[list[str], list[str]]] = []
    unaligned = spans = 0
    for document in load_gold(path):
        if max_sentences is not None and len(out) >= max_sentences:
            break
        alignment = align(text_layer(body_article(document)), sorted(gold_spans(document)))
        spans += alignment.spans
        unaligned += len(alignment.unaligned)
        out.extend((s.words, s.labels) for s in alignment.sentences)
    log(f"news: {len(out):,} sentences, {spans:,} entity spans ({unaligned} not on token bounds)")
    return out


# -- CRF --------------------------------------------------------------------------------------
def _train_crf(xs, ys, model_path: Path, c1: float, c2: float, max_iterations: int, verbose: bool = False):
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=verbose)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 0,
        }
    )
    trainer.train(str(model_path))


def _cross_validated_labels(fx, data, out: Path, c1: float, c2: float, max_iterations: int, window: int):
    """First-pass labels of every training sentence from a CRF that did not see it: the
    sentences are cut into CONTEXT_FOLDS contiguous blocks (articles stay together), and
    each block is tagged by a model trained on the others."""
    from rasd.entities.tagger import CrfTagger

    n = len(data)
    bounds = [n * k // CONTEXT_FOLDS for k in range(CONTEXT_FOLDS + 1)]
    labels: list[list[str]] = []
    fold_path = out / (MODEL_FILE + ".fold")
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        rest = data[:lo] + data[hi:]
        _train_crf([fx.sentence_dicts(t) for t, _ in rest], [y for _, y in rest], fold_path, c1, c2, max_iterations)
        fold = CrfTagger(fold_path, window=window, features=fx)
        labels.extend(fold.tag(t) for t, _ in data[lo:hi])
        log(f"context fold {lo}-{hi} tagged")
    fold_path.unlink()
    return labels


def _context_dicts(fx, data, first_pass) -> list[list[dict[str, float]]]:
    """Training features with the document-context features added."""
    from rasd.entities.context import document_features

    xs = []
    ctx = document_features(fx, [t for t, _ in data], first_pass)
    for (toks, _), extra in zip(data, ctx, strict=True):
        dicts = fx.sentence_dicts(toks)
        for d, feats in zip(dicts, extra, strict=True):
            d.update(dict.fromkeys(feats, 1.0))
        xs.append(dicts)
    return xs


def train_ner(
    train_file: str | Path,
    unlabeled_file: str | Path | None,
    out_dir: str | Path,
    *,
    seed: int = DEFAULT_SEED,
    max_sentences: int | None = None,
    max_docs: int | None = None,
    word_classes: str | Path | None = None,
    granularities: Sequence[int] = DEFAULT_GRANULARITIES,
    c1: float = DEFAULT_C1,
    c2: float = DEFAULT_C2,
    max_iterations: int = DEFAULT_ITERATIONS,
    dev_fraction: float = 0.0,
    test_file: str | Path | None = None,
    window: int = 2,
    self_train: bool = DEFAULT_SELF_TRAIN,
    bilou: bool = False,
    dense: bool = True,
    self_train_docs: int | None = None,
    doc_context: bool = False,
    news_file: str | Path | None = None,
    news_weight: int = DEFAULT_NEWS_WEIGHT,
    max_news_sentences: int | None = None,
) -> dict:
    """Build the word-class table (unless `word_classes` names an existing one, or
    `unlabeled_file` is None) and train the CRF; write `ner.crfsuite`, `word_classes.tsv.gz`
    and `ner_training.json` to `out_dir`. With `dev_fraction` > 0 the last part of the
    training file is held out and scored. `news_file` (news-annotated format) adds its
    articles' sentences (whole articles, up to `max_news_sentences`, else `max_sentences`),
    each `news_weight` times. Returns the training report (also in the JSON)."""
    t0 = time.time()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    classes_path = out / CLASSES_FILE
    vectors_path = out / VECTORS_FILE
    if word_classes is not None:
        src = Path(word_classes)
        if src.resolve() != classes_path.resolve():
            classes_path.write_bytes(src.read_bytes())
            src_vec = Path(str(src).removesuffix(".gz").removesuffix(".tsv") + ".vectors.npy")
            if src_vec.exists() and dense:
                vectors_path.write_bytes(src_vec.read_bytes())
            elif vectors_path.exists():
                vectors_path.unlink()
    elif unlabeled_file is not None:
        build_word_classes(
            unlabeled_file, classes_path, seed=seed, granularities=granularities, max_docs=max_docs,
            vectors_path=vectors_path if dense else None,
        )
    elif classes_path.exists():
        classes_path.unlink()
    t_classes = time.time() - t0
    classes = WordClasses.read(classes_path if classes_path.exists() else None)
    fx = FeatureExtractor(classes, Lexicon(), window=window)

    data = read_conll(train_file, max_sentences=max_sentences)
    dev: list = []
    if dev_fraction > 0:
        cut = int(len(data) * (1 - dev_fraction))
        data, dev = data[:cut], data[cut:]
    n_anercorp = len(data)
    news_cap = max_news_sentences if max_news_sentences is not None else max_sentences
    news = read_news(news_file, max_sentences=news_cap) if news_file is not None else []
    data = data + news * news_weight
    log(f"features for {len(data):,} sentences")
    xs = [fx.sentence_dicts(toks) for toks, _ in data]
    ys = [to_bilou(labels) if bilou else labels for _, labels in data]
    model_path = out / MODEL_FILE
    t1 = time.time()
    self_training = self_train and unlabeled_file is not None and classes_path.exists()
    if self_training or not doc_context:  # else the context CRF below is the only one
        _train_crf(xs, ys, model_path, c1, c2, max_iterations)
        log(f"CRF trained in {time.time() - t1:.0f}s")
    lex_counts = None
    if self_training:
        from rasd.entities.tagger import CrfTagger

        first = CrfTagger(model_path, classes_path, window=window)
        if dev:
            s = score([y for _, y in dev], [first.tag(t) for t, _ in dev])
            log(f"first pass dev F1 {s.f1:.2f}")
        tmp = out / (CLASSES_FILE + ".tmp")
        lex_counts = add_auto_lexicon(first, unlabeled_file, classes_path, tmp, max_docs=self_train_docs or max_docs)
        del first
        tmp.replace(classes_path)
        log(f"auto-lexicon entries: {lex_counts}")
        classes = WordClasses.read(classes_path)
        fx = FeatureExtractor(classes, Lexicon(), window=window)
        if not doc_context:
            xs = [fx.sentence_dicts(toks) for toks, _ in data]
            _train_crf(xs, ys, model_path, c1, c2, max_iterations)
            log("second CRF trained")
    if doc_context:
        first_pass = _cross_validated_labels(fx, data, out, c1, c2, max_iterations, window)
        _train_crf(_context_dicts(fx, data, first_pass), ys, model_path, c1, c2, max_iterations)
        log("context CRF trained")
    t_crf = time.time() - t1
    log(f"CRF stages took {t_crf:.0f}s")
    report: dict = {
        "seed": seed,
        "train_file": os.path.basename(str(train_file)),
        "news_file": os.path.basename(str(news_file)) if news_file else None,
        "news_sentences": len(news),
        "news_weight": news_weight if news else None,
        "anercorp_sentences": n_anercorp,
        "unlabeled_file": os.path.basename(str(unlabeled_file)) if unlabeled_file else None,
        "sentences": len(data),
        "tokens": sum(len(t) for t, _ in data),
        "granularities": list(classes.names),
        "word_classes": len(classes.table),
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "window": window,
        "bilou": bilou,
        "dense": dense,
        "self_train": bool(lex_counts),
        "doc_context": doc_context,
        "context_folds": CONTEXT_FOLDS if doc_context else None,
        "auto_lexicon": lex_counts,
        "seconds_word_classes": round(t_classes, 1),
        "seconds_crf": round(t_crf, 1),
    }
    from rasd.entities.tagger import CrfTagger

    tagger = CrfTagger(model_path, classes_path if classes_path.exists() else None, window=window)
    if dev:
        s = score([y for _, y in dev], tagger.tag_document([t for t, _ in dev]))
        report["dev"] = s.as_dict()
        log("dev:\n" + s.format())
    if test_file is not None:
        test = read_conll(test_file)
        s = score([y for _, y in test], tagger.tag_document([t for t, _ in test]))
        report["test"] = s.as_dict()
        log("test:\n" + s.format())
    report["seconds_total"] = round(time.time() - t0, 1)
    (out / INFO_FILE).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


__all__ = ["train_ner", "build_word_classes", "iter_unlabeled"]

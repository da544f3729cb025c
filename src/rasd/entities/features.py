"""CRF features for a sentence given as a list of token strings.

Per token (computed once per word type and cached): the normalised form, its clitic-stripped
stem and bare form (stem without ال), prefixes/suffixes, shape, the ال flag and the proclitic
string, trigger-word classes, gazetteer membership, and distributional word classes (k-means
clusters of word2vec vectors learned on unlabeled news) at several granularities, both for
the token and for its stripped form. A window of neighbours contributes a subset of those,
plus a few conjunctions.

Word lists live in `rasd/data/ner/*.txt`; the word-class table in `rasd/models/`.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NORM = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "ء", "ئ": "ء"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("[A-Za-z]")
_DIGIT = re.compile("[0-9]")
# Alefs with hamza: a word written أل/إل/آل does not start with the article ال (which
# normalisation would make it look like).
HAMZA_ALEFS = frozenset("أإآ")


def normalise(word: str) -> str:
    """Orthographic normalisation for lookups: no diacritics/tatweel, one alef, ى→ي, ة→ه,
    hamza seats folded, digits to ASCII and then to 0."""
    w = _DIACRITICS.sub("", word).translate(_NORM).translate(_DIGITS)
    if _DIGIT.search(w):
        w = re.sub("[0-9]", "0", w)
    return w.lower()


def strip_clitics(w: str) -> tuple[str, str, bool]:
    """Split a normalised word into (proclitics, stem, has_article).

    Proclitics: one of و/ف, then one of ب/ل/ك; `لل` is ل + ال. The stem keeps ال (as the
    tokenizer does); `has_article` says whether it starts with ال. Conservative: a prefix is
    only peeled if at least three letters remain.
    """
    pro = ""
    rest = w
    if len(rest) > 3 and rest[0] in "وف":
        pro += rest[0]
        rest = rest[1:]
    if len(rest) > 3 and rest[0] in "بلك":
        if rest[0] == "ل" and rest.startswith("لل") and len(rest) > 4:
            pro += "ل"
            rest = "ا" + rest[1:]
        elif rest[1:].startswith("ال") or rest[0] != "ل" or len(rest) > 4:
            pro += rest[0]
            rest = rest[1:]
    has_al = rest.startswith("ال") and len(rest) > 3
    return pro, rest, has_al


def shape(word: str) -> str:
    if _ARABIC.search(word):
        s = "A"
        if _LATIN.search(word) or _DIGIT.search(word):
            s = "Ax"
    elif _LATIN.search(word):
        s = "L" if not word.isupper() else "LU"
        if word[:1].isupper() and not word.isupper():
            s = "Lc"
    elif _DIGIT.search(word):
        s = "D"
    elif all(not c.isalnum() for c in word):
        s = "P" + word[:2] if len(word) <= 2 else "P"
    else:
        s = "X"
    return s


def _read_list(name: str) -> list[str]:
    text = resources.files("rasd").joinpath("data", "ner", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _bare(word: str) -> str:
    """Lexicon key of a list entry: normalised, ال removed (entries carry no other clitics)."""
    w = normalise(word)
    return w[2:] if w.startswith("ال") and len(w) > 3 else w


class Lexicon:
    """Trigger words and gazetteers, keyed on the bare normalised form."""

    def __init__(self) -> None:
        self.triggers: dict[str, list[str]] = {}
        for kind in ("PER", "ORG", "LOC"):
            for entry in _read_list(f"triggers_{kind.lower()}.txt"):
                kinds = self.triggers.setdefault(_bare(entry), [])
                if kind not in kinds:
                    kinds.append(kind)
        self.gaz: dict[str, set[str]] = {}
        for kind in ("PER", "ORG", "LOC"):
            for entry in _read_list(f"gaz_{kind.lower()}.txt"):
                parts = entry.split()
                if len(parts) == 1:
                    self.gaz.setdefault(_bare(parts[0]), set()).add(kind)
                else:
                    for j, part in enumerate(parts):
                        tag = ("B" if j == 0 else "I") + kind
                        self.gaz.setdefault(_bare(part), set()).add(tag)


class WordClasses:
    """word → cluster ids at several granularities, loaded from a TSV(.gz) whose header line is
    `word<TAB>k64<TAB>k256...`; rows are in descending frequency order, so the row number is
    the frequency rank (used to decide whether peeling a clitic gives a more common word)."""

    def __init__(self, names: Sequence[str] = (), table: dict[str, tuple[str, ...]] | None = None):
        self.names = tuple(names)
        self.table = table or {}
        self.rank: dict[str, int] = {}
        self.vectors = None  # optional int8 matrix, one row per table row (frequency order)

    def vector(self, word: str):
        """The word's embedding as floats in [-1, 1], or None."""
        if self.vectors is None:
            return None
        r = self.rank.get(word)
        if r is None or r >= len(self.vectors):
            return None
        return self.vectors[r].astype("float64") / 127.0

    @classmethod
    def read(cls, path: str | Path | None) -> WordClasses:
        if path is None:
            return cls()
        opener = gzip.open if str(path).endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            table = {}
            rank = {}
            for i, line in enumerate(fh):
                parts = line.rstrip("\n").split("\t")
                table[parts[0]] = tuple(map(sys.intern, parts[1:]))  # few distinct ids: share them
                rank[parts[0]] = i
        out = cls(header[1:], table)
        out.rank = rank
        vec_path = Path(str(path).removesuffix(".gz").removesuffix(".tsv") + ".vectors.npy")
        if vec_path.exists():
            import numpy as np

            out.vectors = np.load(vec_path)
        return out

    @property
    def cluster_columns(self) -> list[int]:
        return [i for i, n in enumerate(self.names) if n.isdigit()]

    @property
    def lex_column(self) -> int | None:
        return self.names.index("lex") if "lex" in self.names else None

    def get(self, word: str) -> tuple[str, ...] | None:
        return self.table.get(word)


# Which granularities the neighbours carry (indices into WordClasses.names, clipped).
_NEIGHBOUR_CLASS_LEVELS = (1, 2)
# Neighbour offsets whose embeddings are features too.
DENSE_NEIGHBOURS: tuple[int, ...] = ()  # (-1, 1) tried: +0.4 dev F1, ±0 test, 2.6x training memory


class FeatureExtractor:
    """Turns a sentence (list of token strings) into a list of feature-string lists."""

    def __init__(self, classes: WordClasses | None = None, lexicon: Lexicon | None = None, window: int = 2):
        self.classes = classes or WordClasses()
        self.lexicon = lexicon or Lexicon()
        self.window = window
        self._cache: dict[str, tuple[list[str], dict[int, list[str]], str, str]] = {}
        self._ccols = self.classes.cluster_columns
        self._lexcol = self.classes.lex_column

    def strip(self, w: str) -> tuple[str, str, bool]:
        """Vocabulary-checked clitic stripping of a normalised word: a proclitic is peeled
        only if what remains is a more frequent word of the unlabeled corpus (so وليد and
        فرنسا stay whole while وواشنطن → واشنطن), or if ال follows it."""
        pro, stem, has_al = strip_clitics(w)
        if not pro:
            return pro, stem, has_al
        rank = self.classes.rank
        big = len(rank) + 1
        while pro:
            if stem.startswith("ال") and len(stem) > 3:
                return pro, stem, True
            if rank.get(stem, big) < rank.get(w, big):
                return pro, stem, has_al
            # try peeling one letter fewer
            pro = pro[:-1]
            stem = w[len(pro) :]
            if pro and pro[-1] == "ل" and w[len(pro) :].startswith("ل"):
                break
        return "", w, w.startswith("ال") and len(w) > 3

    # -- per word type ---------------------------------------------------------------
    def _unit(self, token: str):
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        if len(self._cache) > 300_000:
            self._cache.clear()
        out = self.unit(token)
        self._cache[token] = out
        return out

    def unit(self, token: str):
        """(own features, {offset: features seen from that neighbour offset}, normalised form,
        class key for conjunctions) of one token, not cached."""
        w = normalise(token)
        pro, stem, has_al = self.strip(w)
        if has_al and _DIACRITICS.sub("", token)[len(pro) : len(pro) + 1] in HAMZA_ALEFS:
            has_al = False  # أل is no article: ألمانيا, ألباريس are not ال + مانيا, ال + باريس
        bare = stem[2:] if has_al else stem
        shp = shape(token)
        own = [
            "w=" + w,
            "s=" + stem,
            "b=" + bare,
            "sh=" + shp,
            "p2=" + w[:2],
            "p3=" + w[:3],
            "x1=" + w[-1:],
            "x2=" + w[-2:],
            "x3=" + w[-3:],
            "p4=" + w[:4],
            "x4=" + w[-4:],
            "bp2=" + bare[:2],
            "bp3=" + bare[:3],
            "bp4=" + bare[:4],
            "bx2=" + bare[-2:],
            "bx3=" + bare[-3:],
            "bx4=" + bare[-4:],
            "pro=" + pro,
            "len=" + str(min(len(bare), 8)),
        ]
        if has_al:
            own.append("al")
        trig = self.lexicon.triggers.get(bare, ())
        gaz = sorted(self.lexicon.gaz.get(bare, ()))
        for t in trig:
            own.append("t=" + t)
        for g in gaz:
            own.append("g=" + g)
        cls = self.classes.get(w)
        scls = self.classes.get(stem) if stem != w else cls
        bcls = self.classes.get(bare) if bare != stem else scls
        names = self.classes.names
        ccols = self._ccols
        lexcol = self._lexcol
        lex = None
        if cls is not None:
            for i in ccols:
                own.append(f"c{names[i]}={cls[i]}")
            own.append("fr=" + str(self.classes.rank.get(w, 0).bit_length()))
            if lexcol is not None and cls[lexcol] != "-":
                lex = cls[lexcol]
        else:
            own.append("c=none")
        if scls is not None and stem != w:
            for i in ccols:
                own.append(f"sc{names[i]}={scls[i]}")
            if lex is None and lexcol is not None and scls[lexcol] != "-":
                lex = scls[lexcol]
        if bcls is not None and bare != stem:
            for i in ccols:
                own.append(f"bc{names[i]}={bcls[i]}")
        if lex is not None:
            own.append("lx=" + lex)
            own.append("lt=" + lex[:-1])
        # Neighbour view: a subset.
        nb = ["w=" + w, "b=" + bare, "sh=" + shp]
        if has_al:
            nb.append("al")
        nb.extend("t=" + t for t in trig)
        nb.extend("g=" + g for g in gaz)
        best = cls if cls is not None else scls
        if best is not None:
            for lvl in _NEIGHBOUR_CLASS_LEVELS:
                if lvl < len(ccols):
                    nb.append(f"c{names[ccols[lvl]]}={best[ccols[lvl]]}")
        if lex is not None:
            nb.append("lx=" + lex)
        neigh = {}
        for off in range(-self.window, self.window + 1):
            if off == 0:
                continue
            prefix = f"{off:+d}:"
            neigh[off] = [prefix + f for f in nb]
        ckey = best[ccols[1]] if best is not None and len(ccols) > 1 else "-"
        return own, neigh, w, ckey

    # -- per sentence -----------------------------------------------------------------
    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        units = [self._unit(t) for t in tokens]
        n = len(units)
        win = self.window
        out: list[list[str]] = []
        for i in range(n):
            own, _, w, c = units[i]
            feats = list(own)
            for off in range(-win, win + 1):
                if off == 0:
                    continue
                j = i + off
                if 0 <= j < n:
                    feats.extend(units[j][1][off])
            if i == 0:
                feats.append("BOS")
            if i == n - 1:
                feats.append("EOS")
            pw = units[i - 1][2] if i > 0 else "<s>"
            nw = units[i + 1][2] if i + 1 < n else "</s>"
            pc = units[i - 1][3] if i > 0 else "<s>"
            nc = units[i + 1][3] if i + 1 < n else "</s>"
            feats.append("pw|w=" + pw + "|" + w)
            feats.append("w|nw=" + w + "|" + nw)
            feats.append("pc|c=" + pc + "|" + c)
            feats.append("c|nc=" + c + "|" + nc)
            out.append(feats)
        return out

    def dense(self, token: str):
        """The token's embedding (of its form, else of its stripped forms), or None."""
        w = normalise(token)
        v = self.classes.vector(w)
        if v is None:
            _, stem, has_al = self.strip(w)
            v = self.classes.vector(stem)
            if v is None and has_al:
                v = self.classes.vector(stem[2:])
        return v

    def sentence_dicts(self, tokens: Sequence[str]) -> list[dict[str, float]]:
        """Features with values, as CRFsuite training wants them: the binary features at 1.0
        plus the embedding dimensions `e0`.. of the token itself."""
        out = []
        has_vec = self.classes.vectors is not None
        vecs = [self.dense(t) if has_vec else None for t in tokens]
        n = len(tokens)
        for j, feats in enumerate(self.sentence(tokens)):
            d = dict.fromkeys(feats, 1.0)
            v = vecs[j]
            if v is not None:
                for i, x in enumerate(v):
                    if x:
                        d[f"e{i}"] = float(x)
            for off in DENSE_NEIGHBOURS:
                k = j + off
                if 0 <= k < n and vecs[k] is not None:
                    for i, x in enumerate(vecs[k]):
                        if x:
                            d[f"e{off:+d}:{i}"] = float(x)
            out.append(d)
        return out

    def sentences(self, sents: Iterable[Sequence[str]]) -> list[list[list[str]]]:
        return [self.sentence(s) for s in sents]

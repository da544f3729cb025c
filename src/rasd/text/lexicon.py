"""The word-frequency lexicon the clitic analyser consults.

Built from unlabeled news (`rasd train lexicon`); shipped as a gzipped TSV of counts.
Only counts leave the corpus, never its sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from rasd.resources import read_text
from rasd.text.normalize import lexical_form

LEXICON_FILE = ("text", "word_counts.tsv.gz")
ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u064B-\u0652\u0670\u0640]+")
# Words seen fewer times than this are noise for clitic decisions and only bloat the file.
MIN_COUNT = 3
MAX_ENTRIES = 200_000


@cache
def word_counts() -> dict[str, int]:
    try:
        text = read_text(*LEXICON_FILE)
    except Exception:  # a missing lexicon degrades clitic analysis to rules only
        return {}
    counts = {}
    for line in text.splitlines():
        word, _, count = line.partition("\t")
        counts[word] = int(count)
    return counts


def count_words(texts: Iterable[str]) -> Counter[str]:
    counter: Counter[str] = Counter()
    for text in texts:
        counter.update(lexical_form(w) for w in ARABIC_WORD.findall(text))
    return counter


def format_counts(counter: Counter[str]) -> str:
    rows = [f"{w}\t{c}" for w, c in counter.most_common(MAX_ENTRIES) if c >= MIN_COUNT]
    return "\n".join(rows) + "\n"

"""The Arabic text layer: normalisation with an offset map, sentences, tokens and clitics."""

from rasd.text.normalize import NormalizedText, normalize, normalize_word
from rasd.text.sentences import split_sentences
from rasd.text.tokens import analyse_clitics, tokenize

__all__ = ["NormalizedText", "normalize", "normalize_word", "split_sentences", "tokenize", "analyse_clitics"]

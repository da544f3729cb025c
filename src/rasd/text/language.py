"""Language identification: lingua, restricted to the languages of Arabic news feeds,
plus the share of Arabic letters, which settles short or mixed texts cheaply."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasd.settings import Settings

ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
ANY_LETTER = re.compile(r"[^\W\d_]")
# Above this share of Arabic letters lingua is not consulted: only Arabic-script languages
# could compete, and those (fa, ur) are checked by lingua when the share is lower or the
# text carries their distinctive letters.
CLEARLY_ARABIC = 0.85
NON_ARABIC_SCRIPT_LETTERS = re.compile(r"[پچژگکیۀے]")
# lingua's low-accuracy mode (trigram models only): its high-accuracy models of the ten
# default languages take 237 MB the first time a text is not clearly Arabic (a process that
# met one such article in 10,000 peaked at 420 MB instead of 311), this mode 18 MB. Its
# answers on the 13 of the first 10,000 ANT articles that reach lingua, and on one sentence
# of each default language, are the high-accuracy mode's.


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    arabic_ratio: float


def arabic_ratio(sample: str) -> float:
    letters = len(ANY_LETTER.findall(sample))
    return len(ARABIC_LETTER.findall(sample)) / letters if letters else 0.0


@cache
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    isos = [getattr(IsoCode639_1, c.upper()) for c in codes]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).with_low_accuracy_mode().build()


def detect_language(text: str, settings: Settings) -> LanguageGuess:
    sample = text[: settings.language_sample_chars]
    ratio = arabic_ratio(sample)
    if ratio >= CLEARLY_ARABIC and not NON_ARABIC_SCRIPT_LETTERS.search(sample):
        return LanguageGuess("ar", ratio)
    if not ANY_LETTER.search(sample):
        return LanguageGuess("und", ratio)
    found = _detector(tuple(settings.languages)).detect_language_of(sample)
    code = found.iso_code_639_1.name.lower() if found is not None else "und"
    return LanguageGuess(code, ratio)

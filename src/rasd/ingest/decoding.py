"""Bytes to text: empty, binary and encoding checks, UTF-8 first, then legacy Arabic codecs.

A legacy decoding is only a guess: any byte string decodes as cp1256, and random high bytes
come out as Arabic letters. So a legacy guess is accepted only when the result reads like
language (spaces between words, word lengths of a language, known word forms); otherwise
the bytes are noise (E021). Valid UTF-8 with a few stray NUL or control characters (a
scraper's artefact) is text: the controls are removed with a warning rather than the whole
article refused as binary.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rasd.errors import MESSAGES, Code, RasdError
from rasd.model import Warning
from rasd.settings import Settings

UTF8 = "utf-8-sig"  # UTF-8, with or without a byte-order mark
UTF16 = "utf-16"
UTF8_MAX_BYTES = 4  # bytes of one UTF-8 character
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
NUL = b"\x00"
# Control bytes that never occur in text (tab, newline, form feed, carriage return do).
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
MAX_CONTROL_SHARE = 0.05  # above this share of control bytes the data is binary
BINARY_SAMPLE = 64 * 1024  # bytes looked at for the binary check
MIN_ARABIC_SHARE = 0.6  # share of Arabic letters among letters for a legacy decoding to count
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
ANY_LETTER = re.compile(r"[^\W\d_]")
# Stray controls in decoded text: C0 except tab, newline, form feed, carriage return; DEL; C1.
STRAY_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
MAX_STRAY_SHARE = 0.02  # more stray controls than this share of the characters: binary after all
# Plausibility of a legacy decoding. Arabic news has a space every 5-6 characters and words of
# 2-10 letters; cp1256 noise has almost no spaces (0x20 is outside the high bytes).
MIN_SPACE_SHARE = 0.05
MAX_MEAN_WORD_LETTERS = 12.0
MIN_KNOWN_WORD_SHARE = 0.5  # of the Arabic words, the share the word-count lexicon knows (news: > 0.65)
MIN_WORDS_FOR_LEXICON = 20  # fewer words say too little for the lexicon test
PLAUSIBILITY_SAMPLE = 20_000  # characters looked at
WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[Warning]


def check_bytes(data: bytes, source: str) -> None:
    """E001 for empty or blank data, E002 for binary data."""
    if not data.strip():
        raise RasdError(Code.E001_EMPTY, "", source)
    if is_binary(data) and not _utf8_with_stray_controls(data):
        raise RasdError(Code.E002_BINARY, "NUL or control bytes", source)


def _utf8_with_stray_controls(data: bytes) -> bool:
    """Valid UTF-8 whose few control characters are a scraper's artefact, not binary."""
    try:
        text = data.decode(UTF8)
    except UnicodeDecodeError:
        return False
    return stray_share(text) <= MAX_STRAY_SHARE


def stray_share(text: str) -> float:
    return len(STRAY_CONTROLS.findall(text)) / len(text) if text else 0.0


def strip_controls(text: str) -> tuple[str, list[Warning]]:
    """The text without stray control characters, and a W108 when there were any."""
    cleaned, count = STRAY_CONTROLS.subn("", text)
    if not count:
        return text, []
    return cleaned, [Warning(Code.W108_CONTROL_CHARS, f"{MESSAGES[Code.W108_CONTROL_CHARS]}: {count}")]


def is_binary(data: bytes) -> bool:
    sample = data[:BINARY_SAMPLE]
    if NUL in sample:
        return True
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls > MAX_CONTROL_SHARE * len(sample)


def decode(data: bytes, settings: Settings, source: str) -> Decoded:
    """Checked and decoded text; E001/E002/E003 as RasdError."""
    utf16 = try_utf16(data)
    if utf16 is not None:
        return utf16
    check_bytes(data, source)
    utf8 = try_utf8(data)
    if utf8 is not None:
        return utf8
    found = best_legacy(data, settings.legacy_encodings)
    if found is None:
        raise RasdError(Code.E003_ENCODING, "tried utf-8, " + ", ".join(settings.legacy_encodings), source)
    text, encoding = found
    if not plausible_language(text):
        raise RasdError(Code.E021_NOISE, f"as {encoding} it has no words of a language", source)
    text, notes = strip_controls(text)
    note = Warning(Code.W102_LEGACY_ENCODING, f"{MESSAGES[Code.W102_LEGACY_ENCODING]}: {encoding}")
    return Decoded(text, encoding, [note, *notes])


def try_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text, also when the bytes were cut inside the last character (a truncated
    download): that partial character is dropped with W103."""
    notes: list[Warning] = []
    try:
        text = data.decode(UTF8)
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or len(data) - exc.start >= UTF8_MAX_BYTES:
            return None
        text = data[: exc.start].decode(UTF8)
        notes.append(Warning(Code.W103_TRUNCATED, f"{MESSAGES[Code.W103_TRUNCATED]}: a cut UTF-8 character"))
    text, stripped = strip_controls(text)
    return Decoded(text, "utf-8", notes + stripped)


def try_utf16(data: bytes) -> Decoded | None:
    """UTF-16 text with a byte-order mark (Windows "Unicode" files), which holds NUL bytes."""
    if not data.startswith(UTF16_BOMS):
        return None
    try:
        text = data.decode(UTF16)
    except UnicodeDecodeError:
        return None
    return Decoded(text, UTF16, []) if text.strip() else None


def best_legacy(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """(text, encoding) of the legacy decoding that reads as the most Arabic, first one on ties."""
    best: tuple[float, str, str] | None = None
    for encoding in encodings:
        text = try_legacy(data, encoding)
        if text is not None and (best is None or arabic_share(text) > best[0]):
            best = (arabic_share(text), text, encoding)
    return (best[1], best[2]) if best else None


def try_legacy(data: bytes, encoding: str) -> str | None:
    """The text in a legacy encoding, when it decodes and reads as mostly Arabic letters."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if arabic_share(text) >= MIN_ARABIC_SHARE else None


def arabic_share(text: str) -> float:
    letters = len(ANY_LETTER.findall(text))
    return len(ARABIC_LETTER.findall(text)) / letters if letters else 0.0


def plausible_language(text: str) -> bool:
    """Whether a decoded text reads like language: spaces, word lengths, known Arabic words."""
    sample = text[:PLAUSIBILITY_SAMPLE]
    if not sample or sum(ch.isspace() for ch in sample) / len(sample) < MIN_SPACE_SHARE:
        return False
    words = WORD.findall(sample)
    if not words or sum(map(len, words)) / len(words) > MAX_MEAN_WORD_LETTERS:
        return False
    return known_word_share(words) >= MIN_KNOWN_WORD_SHARE


def known_word_share(words: list[str]) -> float:
    """Share of the Arabic words that the word-count lexicon knows; 1.0 when too few to tell."""
    from rasd.text.lexicon import word_counts
    from rasd.text.normalize import lexical_form

    arabic = [w for w in words if ARABIC_LETTER.match(w)]
    counts = word_counts()
    if len(arabic) < MIN_WORDS_FOR_LEXICON or not counts:
        return 1.0
    return sum(lexical_form(w) in counts for w in arabic) / len(arabic)

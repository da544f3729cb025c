"""Bytes to text: empty, binary and encoding checks, UTF-8 first, then legacy Arabic codecs."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rasd.errors import MESSAGES, Code, RasdError
from rasd.model import Warning
from rasd.settings import Settings

UTF8 = "utf-8-sig"  # UTF-8, with or without a byte-order mark
UTF16 = "utf-16"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
NUL = b"\x00"
# Control bytes that never occur in text (tab, newline, form feed, carriage return do).
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
MAX_CONTROL_SHARE = 0.05  # above this share of control bytes the data is binary
BINARY_SAMPLE = 64 * 1024  # bytes looked at for the binary check
MIN_ARABIC_SHARE = 0.6  # share of Arabic letters among letters for a legacy decoding to count
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
ANY_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[Warning]


def check_bytes(data: bytes, source: str) -> None:
    """E001 for empty or blank data, E002 for binary data."""
    if not data.strip():
        raise RasdError(Code.E001_EMPTY, "", source)
    if is_binary(data):
        raise RasdError(Code.E002_BINARY, "NUL or control bytes", source)


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
    try:
        return Decoded(data.decode(UTF8), "utf-8", [])
    except UnicodeDecodeError:
        pass
    found = best_legacy(data, settings.legacy_encodings)
    if found is not None:
        text, encoding = found
        note = Warning(Code.W102_LEGACY_ENCODING, f"{MESSAGES[Code.W102_LEGACY_ENCODING]}: {encoding}")
        return Decoded(text, encoding, [note])
    raise RasdError(Code.E003_ENCODING, "tried utf-8, " + ", ".join(settings.legacy_encodings), source)


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

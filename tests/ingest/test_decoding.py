from __future__ import annotations

import pytest

from rasd.errors import Code, RasdError
from rasd.ingest.decoding import arabic_share, decode, is_binary
from rasd.settings import Settings

TEXT = "استقبل رئيس الوزراء وفداً من رجال الأعمال وبحث معهم فرص الاستثمار في قطاع الطاقة."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("cp1256"), "cp1256"),
        (TEXT.encode("iso-8859-6"), "iso-8859-6"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_decode(data: bytes, encoding: str) -> None:
    decoded = decode(data, Settings(), "x")
    assert decoded.text == TEXT and decoded.encoding == encoding
    legacy = encoding in ("cp1256", "iso-8859-6")
    assert [w.code for w in decoded.warnings] == ([Code.W102_LEGACY_ENCODING] if legacy else [])


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", Code.E001_EMPTY),
        (b" \r\n\t ", Code.E001_EMPTY),
        (b"abc\x00def", Code.E002_BINARY),
        (bytes(range(1, 32)) * 10, Code.E002_BINARY),
        ("Ünïcödé façade".encode("latin-1"), Code.E003_ENCODING),
    ],
)
def test_decode_failures(data: bytes, code: Code) -> None:
    with pytest.raises(RasdError) as caught:
        decode(data, Settings(), "doc.txt")
    assert caught.value.code is code and caught.value.source == "doc.txt"


def test_legacy_encodings_follow_settings() -> None:
    with pytest.raises(RasdError):
        decode(TEXT.encode("cp1256"), Settings(legacy_encodings=()), "x")


@pytest.mark.parametrize(("data", "binary"), [(b"plain\ttext\r\n", False), (b"\x01\x02\x03abc", True)])
def test_is_binary(data: bytes, binary: bool) -> None:
    assert is_binary(data) is binary


@pytest.mark.parametrize(("text", "share"), [(TEXT, 1.0), ("abc", 0.0), ("", 0.0), ("ab سلام", 4 / 6)])
def test_arabic_share(text: str, share: float) -> None:
    assert arabic_share(text) == pytest.approx(share)


PARAGRAPH = (TEXT + " ") * 4


def test_stray_nul_in_utf8_is_stripped_with_a_warning() -> None:
    data = PARAGRAPH.encode("utf-8").replace("الطاقة".encode(), "الطا\x00قة".encode(), 1)
    decoded = decode(data, Settings(), "x")
    assert decoded.text == PARAGRAPH and decoded.encoding == "utf-8"
    assert [w.code for w in decoded.warnings] == [Code.W108_CONTROL_CHARS]


def test_many_controls_in_utf8_are_still_binary() -> None:
    data = ("\x00\x01" + TEXT[:10]).encode("utf-8") * 50
    with pytest.raises(RasdError) as caught:
        decode(data, Settings(), "x")
    assert caught.value.code is Code.E002_BINARY


def test_random_high_bytes_are_noise_not_cp1256_arabic() -> None:
    import random

    rng = random.Random(7)
    data = bytes(rng.randrange(0xC1, 0x100) for _ in range(50_000))
    with pytest.raises(RasdError) as caught:
        decode(data, Settings(), "noise.txt")
    assert caught.value.code is Code.E021_NOISE


def test_spaced_noise_without_known_words_is_noise() -> None:
    import random

    rng = random.Random(11)
    letters = [b for b in range(0xC1, 0x100) if b not in (0xD7, 0xE0, 0xE2, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB)]
    words = [bytes(rng.choice(letters) for _ in range(rng.randrange(3, 7))) for _ in range(400)]
    with pytest.raises(RasdError) as caught:
        decode(b" ".join(words), Settings(), "noise.txt")
    assert caught.value.code is Code.E021_NOISE


def test_plausible_language() -> None:
    from rasd.ingest.decoding import plausible_language

    assert plausible_language(PARAGRAPH)
    assert not plausible_language("ﺝﺹﻁﻉﺽﻕﻙ" * 200)
    assert not plausible_language("")


def test_utf8_cut_inside_its_last_character_is_text_with_w103() -> None:
    data = PARAGRAPH.encode("utf-8")
    cut = data[: len("استقبل رئيس ".encode()) + 1]  # ends on the first byte of the next letter
    decoded = decode(cut, Settings(), "x")
    assert decoded.encoding == "utf-8" and PARAGRAPH.startswith(decoded.text)
    assert [w.code for w in decoded.warnings] == [Code.W103_TRUNCATED]

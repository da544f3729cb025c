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

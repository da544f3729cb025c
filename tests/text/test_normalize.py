import pytest

from rasd.text.normalize import lexical_form, normalize, normalize_word


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("أحمد", "احمد"),
        ("إيران", "ايران"),
        ("آذار", "اذار"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("١٢٣", "123"),
        ("۴۵", "45"),
        ("a\u00a0b", "a b"),
    ],
)
def test_normalize_word_maps_variants(original, expected):
    assert normalize_word(original) == expected


def test_lexical_form_keeps_teh_marbuta():
    assert lexical_form("مدرسة") == "مدرسة"
    assert lexical_form("أمريكا") == "امريكا"


@pytest.mark.parametrize("text", ["قالَ الرئيسُ", "الســـلام عليكم", "مُحَمَّد\u200f زار", "بدون تشكيل"])
def test_offsets_map_back_to_original(text):
    norm = normalize(text)
    for start in range(len(norm.text)):
        for end in range(start + 1, len(norm.text) + 1):
            o_start, o_end = norm.to_original(start, end)
            assert normalize_word(text[o_start:o_end]) == norm.text[start:end]


def test_diacritics_and_tatweel_removed_with_map():
    norm = normalize("وزيــرُ الخارجية")
    assert norm.text == "وزير الخارجيه"
    start = norm.text.index("الخارجيه")
    original = "وزيــرُ الخارجية".index("الخارجية")
    assert norm.to_original(start, start + 8) == (original, original + 8)


def test_plain_text_has_identity_map():
    norm = normalize("موسكو وواشنطن")
    assert norm.offsets is None
    assert norm.to_original(6, 13) == (6, 13)

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


# Our own sentence, written in presentation forms as a PDF copy gives it (and in letters).
PDF_SENTENCE = "ﺍﻟﺘﻘﻰ ﻭﺯﻳﺮ ﺍﻟﺨﺎﺭﺟﻴﺔ ﺍﻷﻣﺮﻳﻜﻲ ﺟﻮﻥ ﻛﻴﺮﻱ ﻧﻈﻴﺮﻩ ﺍﻟﺮﻭﺳﻲ ﺳﻴﺮﻏﻲ ﻻﻓﺮﻭﻑ ﻓﻲ ﺟﻨﻴﻒ."
LETTER_SENTENCE = "التقى وزير الخارجية الأمريكي جون كيري نظيره الروسي سيرغي لافروف في جنيف."


def test_presentation_forms_fold_to_letters() -> None:
    from rasd.text.normalize import fold_presentation_forms

    folded = fold_presentation_forms(PDF_SENTENCE)
    assert folded.text == LETTER_SENTENCE
    assert folded.original == PDF_SENTENCE


def test_presentation_form_ligatures_map_back_to_their_character() -> None:
    from rasd.text.normalize import fold_presentation_forms

    text = "ﻻ ﷲ"  # lam-alef and the Allah ligature: each folds to several letters
    folded = fold_presentation_forms(text)
    assert folded.text == "لا الله"
    start = folded.text.index("الله")
    assert folded.to_original(start, start + 4) == (2, 3)
    assert folded.to_original(0, 2) == (0, 1)


def test_text_without_presentation_forms_is_untouched() -> None:
    from rasd.text.normalize import fold_presentation_forms, has_presentation_forms

    folded = fold_presentation_forms(LETTER_SENTENCE + "\ufeff")
    assert folded.text == LETTER_SENTENCE + "\ufeff" and folded.offsets is None
    assert not has_presentation_forms(LETTER_SENTENCE)


def test_pipeline_reads_presentation_forms_as_arabic() -> None:
    from rasd.model import Article
    from rasd.pipeline import Pipeline

    article = Pipeline(["language", "sentences", "tokens"])(Article(text="ﻻ " + PDF_SENTENCE))
    assert article.language == "ar" and article.text == "لا " + LETTER_SENTENCE
    assert article.ingested_text == "ﻻ " + PDF_SENTENCE
    start = article.text.index("جنيف")
    assert article.ingested_text[slice(*article.ingested_span(start, start + 4))] == "ﺟﻨﻴﻒ"

import pytest

from rasd.text.tokens import analyse_clitics, tokenize


def stems(text):
    return [text[t.stem_start : t.stem_end] for t in tokenize(text)]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("وواشنطن", "واشنطن"),
        ("والعراق", "العراق"),
        ("بسورية", "سورية"),
        ("لداعش", "داعش"),
        ("لوكالة", "وكالة"),
        ("وبالقاهرة", "القاهرة"),
        ("وقال", "قال"),
        ("وسيعقد", "يعقد"),
        ("بلادها", "بلاد"),
    ],
)
def test_clitics_are_peeled(word, stem):
    assert stems(word) == [stem]


@pytest.mark.parametrize("word", ["وزير", "فرنسا", "بريطانيا", "لبنان", "وكالات", "كارتر", "بوتين", "فيلق", "الروسية"])
def test_words_that_only_look_cliticised_stay_whole(word):
    assert stems(word) == [word]


def test_article_flag_and_elided_lam():
    split = analyse_clitics("للاتحاد")
    assert split.has_article and split.proclitics == "لل"
    assert analyse_clitics("العراق").has_article


def test_vocalised_word_offsets():
    text = "وَوَاشِنْطُن"
    token = tokenize(text)[0]
    assert text[token.stem_start : token.stem_end] == "وَاشِنْطُن"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("زار 3 وفود", ["word", "number", "word"]),
        ("بنسبة ١٢٫٥% فقط", ["word", "number", "word"]),
        ("شركة Apple الأميركية", ["word", "latin", "word"]),
        ("الرابط https://example.org/a?b=1 هنا.", ["word", "url", "word", "punct"]),
        ("«نعم»، قال", ["punct", "word", "punct", "punct", "word"]),
        ("بحسب أ.ف.ب.", ["word", "word"]),
    ],
)
def test_token_kinds(text, kinds):
    assert [t.kind for t in tokenize(text)] == kinds


def test_offsets_cover_text_exactly():
    text = "وأكد المتحدث باسم الخارجية، في بيان: «لن نتراجع»!"
    for token in tokenize(text):
        assert token.start <= token.stem_start <= token.stem_end <= token.end
        assert text[token.start : token.end].strip() == text[token.start : token.end]


def test_tokenize_range():
    text = "الأولى. الثانية."
    tokens = tokenize(text, 8)
    assert [text[t.start : t.end] for t in tokens] == ["الثانية", "."]


@pytest.mark.parametrize(("word", "stem"), [("كيري", "كيري"), ("وكتلة", "كتلة"), ("وكيري", "كيري")])
def test_names_starting_with_kaf_are_not_split(word, stem):
    assert stems(word) == [stem]

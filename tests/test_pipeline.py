import pytest

from rasd.errors import Code, RasdError
from rasd.model import Article
from rasd.pipeline import Pipeline, register, registered
from rasd.settings import Settings


def test_builtin_stages_registered():
    names = registered()
    for name in ("language", "sentences", "tokens"):
        assert name in names


def test_unknown_stage_fails_in_constructor():
    with pytest.raises(RasdError) as info:
        Pipeline(["sentences", "no-such-stage"])
    assert info.value.code is Code.E010_UNKNOWN_STAGE


def test_stage_order_is_checked():
    with pytest.raises(RasdError) as info:
        Pipeline(["tokens"])
    assert info.value.code is Code.E011_STAGE_ORDER


def test_custom_stage_runs_and_is_recorded():
    @register("count-words-test", needs=("tokens",), adds=("word_count",))
    def factory(settings):
        def run(article, settings):
            article.warn(Code.W104_NO_METADATA, f"{sum(t.kind == 'word' for t in article.tokens)} words")

        return run

    article = Pipeline(["sentences", "tokens", "count-words-test"])(Article(text="سلام على الجميع."))
    assert article.warnings[-1].message == "3 words"
    assert article.done == {"sentences", "tokens", "count-words-test"}


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"max_bytes": 0}, Code.E012_BAD_SETTING), ({"min_arabic_ratio": 2.0}, Code.E012_BAD_SETTING),
     ({"html_favor": "fast"}, Code.E012_BAD_SETTING), ({"languages": ()}, Code.E012_BAD_SETTING)],
)
def test_bad_settings_fail_in_constructor(kwargs, code):
    with pytest.raises(RasdError) as info:
        Settings(**kwargs)
    assert info.value.code is code


@pytest.mark.parametrize(
    ("text", "language", "warning"),
    [
        ("أعلنت الحكومة عن خطة جديدة لدعم المزارعين في المناطق الريفية.", "ar", None),
        ("The government announced a new plan to support farmers in rural areas.", "en", Code.W101_NOT_ARABIC),
        ("Le gouvernement a annoncé un nouveau plan pour soutenir les agriculteurs.", "fr", Code.W101_NOT_ARABIC),
        ("دولت برنامه جدیدی برای حمایت از کشاورزان در مناطق روستایی اعلام کرد.", "fa", Code.W101_NOT_ARABIC),
    ],
)
def test_language_stage(text, language, warning):
    article = Pipeline(["language"])(Article(text=text))
    assert article.language == language
    assert [w.code for w in article.warnings] == ([warning] if warning else [])

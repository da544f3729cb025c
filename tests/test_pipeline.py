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


# --- per-document budgets ------------------------------------------------------------------

import threading  # noqa: E402
import time  # noqa: E402

from rasd.pipeline import check_deadline  # noqa: E402

SLOW_SECONDS = 5.0  # a stage that would run this long if nothing stopped it


@register("spin-test", needs=("tokens",), adds=("spun",))
def _spin_factory(settings):
    def run(article, settings):
        end = time.monotonic() + SLOW_SECONDS
        while time.monotonic() < end:
            pass  # no cooperative check: only the alarm can stop this one

    return run


@register("spin-checking-test", needs=("tokens",), adds=("spun",))
def _spin_checking_factory(settings):
    def run(article, settings):
        end = time.monotonic() + SLOW_SECONDS
        while time.monotonic() < end:
            check_deadline()  # what long stages do in their per-sentence loops

    return run


@pytest.mark.parametrize(
    "kwargs",
    [{"time_budget_s": 0}, {"time_budget_s": -1.0}, {"time_budget_s": float("nan")},
     {"time_budget_s": float("inf")}, {"max_bytes": -5}, {"max_sentence_chars": 0}],
)
def test_bad_budgets_fail_in_constructor(kwargs):
    with pytest.raises(RasdError) as info:
        Settings(**kwargs)
    assert info.value.code is Code.E012_BAD_SETTING


def test_time_budget_interrupts_a_stage_that_overruns():
    pipeline = Pipeline(["sentences", "tokens", "spin-test"], Settings(time_budget_s=0.2))
    start = time.monotonic()
    with pytest.raises(RasdError) as info:
        pipeline(Article(text="سلام على الجميع."))
    assert info.value.code is Code.E020_TIME_BUDGET
    assert time.monotonic() - start < SLOW_SECONDS / 2
    # The next document runs normally: the budget was reset, the alarm handler put back.
    article = Pipeline(["sentences", "tokens"], Settings(time_budget_s=0.2))(Article(text="سلام على الجميع."))
    assert len(article.tokens) == 4
    time.sleep(0.3)  # no stray alarm fires after the document is done


def test_time_budget_is_checked_cooperatively_off_the_main_thread():
    pipeline = Pipeline(["sentences", "tokens", "spin-checking-test"], Settings(time_budget_s=0.2))
    outcome = {}

    def work():
        start = time.monotonic()
        try:
            pipeline(Article(text="سلام على الجميع."))
        except RasdError as exc:
            outcome["code"], outcome["seconds"] = exc.code, time.monotonic() - start

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(SLOW_SECONDS * 2)
    assert outcome["code"] is Code.E020_TIME_BUDGET
    assert outcome["seconds"] < SLOW_SECONDS / 2


def test_over_long_sentence_warns_w109_and_keeps_offsets():
    text = "وأضاف أن الوفد سيزور العاصمة، " * 50 + "ثم غادر."
    article = Pipeline(["sentences", "tokens"], Settings(max_sentence_chars=200))(Article(text=text))
    assert [w.code for w in article.warnings] == [Code.W109_LONG_SENTENCE]
    assert all(s.end - s.start <= 200 for s in article.sentences)
    assert all(article.sentence_of(t.start) >= 0 for t in article.tokens)  # every token in a sentence


SMOKE_SENTENCES = (
    "قال وزير الخارجية الأردني في عمان يوم الأحد إن بلاده ترفض أي تغيير في القدس.",
    "وأضاف أن الحكومة ستواصل العمل مع الأمم المتحدة من أجل السلام، وأن الحوار هو الطريق الوحيد.",
    "وهاجم مسلحون مركزا للشرطة في مدينة الموصل، مما أسفر عن مقتل ثلاثة أشخاص.",
    "وتظاهر آلاف الطلاب أمام البرلمان في القاهرة للمطالبة بإصلاح التعليم، بحسب وكالة الأنباء.",
)
SMOKE_BYTES = 200_000
SMOKE_BOUND_S = 120.0  # generous: the figures come from bench/bench_scaling.py, not this test


def test_a_200_kb_single_line_document_finishes_promptly():
    """Smoke test of the linear pipeline: one line, no paragraph breaks, ~200 KB."""
    from rasd.api import analyze

    text, sentences = "", list(SMOKE_SENTENCES)
    while len(text.encode("utf-8")) < SMOKE_BYTES:
        text += " ".join(sentences) + " "
        sentences.append(sentences.pop(0))  # vary the order a little
    start = time.monotonic()
    article = analyze(text, Settings(time_budget_s=SMOKE_BOUND_S))
    assert time.monotonic() - start < SMOKE_BOUND_S
    assert len(article.sentences) > 1000 and article.entities and article.events

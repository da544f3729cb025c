import pytest

from rasd.text.sentences import split_sentences


def texts(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_splits_at_full_stops_and_question_marks():
    text = "وصل الوفد إلى القاهرة. هل تنجح المفاوضات؟ لا أحد يعرف!"
    assert texts(text) == ["وصل الوفد إلى القاهرة.", "هل تنجح المفاوضات؟", "لا أحد يعرف!"]


def test_never_splits_inside_guillemets():
    text = "قال الوزير: «انتهت الجولة الأولى. ستبدأ الثانية غداً». وغادر القاعة."
    assert texts(text) == ["قال الوزير: «انتهت الجولة الأولى. ستبدأ الثانية غداً».", "وغادر القاعة."]


def test_never_splits_inside_curly_quotes():
    text = "وكتب المراسل “الوضع هادئ. لا إطلاق نار” في تقريره. ثم عاد."
    assert len(texts(text)) == 2


@pytest.mark.parametrize("abbrev", ["أ.ف.ب", "د.", "م."])
def test_abbreviations_do_not_end_sentences(abbrev):
    text = f"ذكرت {abbrev} أن الاجتماع انتهى. ثم صدر بيان."
    assert len(texts(text)) == 2


def test_decimal_numbers_are_not_boundaries():
    assert len(texts("بلغ النمو 3.5 في المئة هذا العام.")) == 1


def test_paragraph_break_always_splits():
    text = "عنوان الخبر بلا نقطة\nالفقرة الأولى. والثانية."
    sents = split_sentences(text)
    assert [text[s.start : s.end] for s in sents] == ["عنوان الخبر بلا نقطة", "الفقرة الأولى.", "والثانية."]
    assert [s.paragraph for s in sents] == [0, 1, 1]


def test_unclosed_quote_does_not_swallow_paragraph():
    text = "قال: «بدأنا العمل. وانتهينا.\nفقرة أخرى."
    assert len(texts(text)) == 3


def test_lone_ellipsis_joins_previous_sentence():
    assert texts("عنوان أول! … عنوان ثان") == ["عنوان أول! …", "عنوان ثان"]


def test_comma_and_semicolon_are_not_boundaries():
    assert len(texts("وصل الوفد، ثم بدأ الاجتماع؛ وانتهى مساءً.")) == 1


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


def test_seed_sentences(seed_path):
    from rasd.ingest import document_from_text

    doc = document_from_text(seed_path.read_text(encoding="utf-8"), None, str(seed_path))
    for sent in split_sentences(doc.text):
        chunk = doc.text[sent.start : sent.end]
        assert chunk.count("«") == chunk.count("»"), chunk
        body = chunk[:-1]
        depth = 0
        for i, ch in enumerate(body):
            depth += (ch == "«") - (ch == "»")
            if ch == "." and depth == 0 and i + 1 < len(body) and body[i + 1] == " ":
                pytest.fail(f"unsplit full stop in {chunk!r}")

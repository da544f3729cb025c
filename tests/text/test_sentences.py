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


# --- over-long sentences: cut at a bounded length, offsets exact ---------------------------

from rasd.text.sentences import bounded_sentences  # noqa: E402

LONG_CLAUSE = "وأضاف المتحدث باسم الوزارة أن الوفد سيزور العاصمة الأسبوع المقبل، "


def _check_pieces(text, sentences, limit):
    for sent in sentences:
        piece = text[sent.start : sent.end]
        assert 0 < len(piece) <= limit
        assert piece == piece.strip()  # trimmed, so offsets point at the words themselves
    # Nothing lost: every non-space character lies in exactly one piece, in order.
    covered = "".join(text[s.start : s.end] for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))


def test_long_sentence_is_cut_after_a_comma_within_the_bound():
    text = LONG_CLAUSE * 40 + "ثم غادر."
    sentences, cut = bounded_sentences(text, max_chars=500)
    assert cut == 1 and len(sentences) > 5
    _check_pieces(text, sentences, 500)
    assert all(text[s.end - 1] == "،" for s in sentences[:-1])


def test_long_line_without_commas_is_cut_at_spaces():
    text = " ".join(["كلمة"] * 2000)
    sentences, cut = bounded_sentences(text, max_chars=300)
    assert cut == 1
    _check_pieces(text, sentences, 300)
    assert all(text[s.start : s.end].split(" ")[-1] == "كلمة" for s in sentences)  # no word cut


def test_text_without_any_space_is_cut_hard_at_the_bound():
    text = "ب" * 1000
    sentences, cut = bounded_sentences(text, max_chars=300)
    assert cut == 1 and [s.end - s.start for s in sentences] == [300, 300, 300, 100]
    _check_pieces(text, sentences, 300)


def test_short_sentences_are_not_cut_and_keep_paragraphs():
    text = "الفقرة الأولى. والثانية.\n" + LONG_CLAUSE * 20
    sentences, cut = bounded_sentences(text, max_chars=400)
    assert cut == 1
    assert [text[s.start : s.end] for s in sentences[:2]] == ["الفقرة الأولى.", "والثانية."]
    assert {s.paragraph for s in sentences[2:]} == {1}
    assert split_sentences(text, max_chars=10_000) == sentences[:2] + [sentences[2].__class__(
        sentences[2].start, len(text.rstrip()), 1)]


def test_default_bound_leaves_normal_news_whole():
    text = LONG_CLAUSE * 20 + "وغادر."  # ~1,400 characters, a long but real sentence
    assert bounded_sentences(text)[1] == 0


def test_quotation_regions_still_block_boundaries_in_a_long_paragraph():
    text = ("قال: «أولا. ثانيا». " * 300).strip()
    sentences = split_sentences(text, max_chars=100_000)
    assert len(sentences) == 300
    assert all(text[s.start : s.end] == "قال: «أولا. ثانيا»." for s in sentences)

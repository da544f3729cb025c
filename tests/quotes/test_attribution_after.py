"""An attribution written after its content («…، بحسب وكالة ...»): the words before the cue are
the quotation, the phrase after it its source. Sentences written for this test."""

from __future__ import annotations

import pytest

import rasd

SENTENCES = [
    ("وانسحبت القوات الحكومية من المدينة صباح اليوم بعد معارك عنيفة، بحسب وكالة الأنباء الرسمية.",
     "القوات الحكومية من المدينة", "بحسب"),
    ("وقتل خمسة مدنيين في قصف على القرية، وفق ما أفاد المرصد السوري لحقوق الإنسان.",
     "خمسة مدنيين في قصف", "وفق"),
]


@pytest.mark.parametrize(("text", "inside", "cue"), SENTENCES)
def test_the_words_before_an_according_cue_are_the_content(text, inside, cue):
    article = rasd.analyze(text)
    found = [q for q in article.quotes if q.cue is not None and article.span_text(q.cue).startswith(cue)]
    assert found, [(article.span_text(q.content), q.cue) for q in article.quotes]
    content = article.span_text(found[0].content)
    assert inside in content
    assert found[0].content.end <= found[0].cue.start  # the content comes before its cue

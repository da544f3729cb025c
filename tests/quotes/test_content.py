"""Where reported content opens and ends."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "content"), [
    # a comma followed by a new cue ends the clause
    ("وقال الوزير إن الوضع مستقر، مضيفا أن المساعدات ستصل.", "إن الوضع مستقر"),
    # a comma followed by an attribution ends it too
    ("وقال الوزير إن الوضع مستقر، بحسب وكالة «رويترز».", "إن الوضع مستقر"),
    # ... and a comma followed by بينما
    ("واعتبر الوزير أن القرار صائب، بينما رفضه المعارضون.", "أن القرار صائب"),
    # a comma inside the clause does not
    ("وقال الوزير إن الوضع مستقر، وإن الحدود مفتوحة.", "إن الوضع مستقر، وإن الحدود مفتوحة"),
    # a short complement ends at the next clause word
    ("وتحدث التقرير عن خسائر كبيرة رغم التحسن الأخير.", "عن خسائر كبيرة"),
    # a word with a conjunction after a closing quotation starts a new clause
    ("وأكد أنه \"بخير\" وغادر القاعة.", "أنه \"بخير\""),
    # reported speech inside a quotation ends with the quotation
    ("وقال الوزير: «يقول خصومنا إننا تأخرنا، وهذا غير صحيح».", "إننا تأخرنا، وهذا غير صحيح"),
])
def test_clause_ends(read_quotes, text, content):
    article, quotes = read_quotes(text)
    assert content in [article.span_text(q.content) for q in quotes]


@pytest.mark.parametrize(("text", "kind", "content"), [
    ("وقال الوزير إن «الحوار هو الحل».", "direct", "الحوار هو الحل"),
    ("وقال الوزير إن «الحوار هو الحل» في رأيه.", "mixed", "إن «الحوار هو الحل» في رأيه"),
    ("ووصف الوزير الاتفاق بأنه «تاريخي».", "mixed", "بأنه «تاريخي»"),
])
def test_kinds(read_quotes, text, kind, content):
    article, quotes = read_quotes(text)
    assert [(q.kind, article.span_text(q.content)) for q in quotes] == [(kind, content)]


@pytest.mark.parametrize(("text", "content"), [
    # a nominal object after the subject and a day
    ("وأكدت وزارة الدفاع، الخميس، مقتل ثلاثة مسلحين في الغارة.", "مقتل ثلاثة مسلحين في الغارة"),
    # an apposition is no object: the clause after أن is the content
    ("وأكد سامي حداد، رئيس اللجنة، الأربعاء، أن التقرير جاهز.", "أن التقرير جاهز"),
])
def test_objects_of_statement_cues(read_quotes, text, content):
    article, quotes = read_quotes(text)
    assert [article.span_text(q.content) for q in quotes] == [content]

from __future__ import annotations

import pytest

from rasd.ingest.plaintext import outlet_of_byline, parse_plaintext

SCRAPED = """رياضة

المنتخب الوطني يفوز على ضيفه بهدفين نظيفين

| الميدان – وكالات

فاز المنتخب الوطني لكرة القدم مساء أمس على ضيفه بهدفين نظيفين في مباراة ودية.
وسجل المهاجم سامي ناصر الهدفين في الشوط الثاني.

زر الذهاب إلى الأعلى
صحيفة الميدان
"""
SEED_BOILERPLATE = ("زر الذهاب إلى الأعلى", "صحيفة الوطن")
BODY = [
    "فاز المنتخب الوطني لكرة القدم مساء أمس على ضيفه بهدفين نظيفين في مباراة ودية.",
    "وسجل المهاجم سامي ناصر الهدفين في الشوط الثاني.",
]


def test_scraped_shape_metadata() -> None:
    doc = parse_plaintext(SCRAPED, "mem")
    assert doc.meta.section == "رياضة"
    assert doc.meta.title == "المنتخب الوطني يفوز على ضيفه بهدفين نظيفين"
    assert doc.meta.byline == "الميدان – وكالات"
    assert doc.meta.outlet == "الميدان"
    assert doc.meta.source == "mem"


def test_scraped_shape_text_is_title_then_body() -> None:
    doc = parse_plaintext(SCRAPED, "mem")
    assert doc.text.split("\n") == ["المنتخب الوطني يفوز على ضيفه بهدفين نظيفين", *BODY]


@pytest.mark.parametrize("junk", ["زر الذهاب إلى الأعلى", "صحيفة الميدان", "رياضة", "|"])
def test_scraped_shape_drops_header_and_boilerplate(junk: str) -> None:
    lines = parse_plaintext(SCRAPED, "mem").text.split("\n")
    assert all(junk not in line for line in lines[1:]) and junk not in lines[0]


def test_just_paragraphs_has_no_title() -> None:
    text = "\n".join(BODY)
    doc = parse_plaintext(text, "mem")
    assert doc.meta.title is None and doc.meta.section is None
    assert doc.text == text


def test_long_first_paragraph_is_not_a_title() -> None:
    first = "أعلنت الحكومة " + "عن خطة جديدة لدعم المزارعين وتوسيع شبكات الري " * 6
    doc = parse_plaintext(f"{first}\n{BODY[0]}", "mem")
    assert doc.meta.title is None
    assert doc.text.startswith("أعلنت الحكومة")


def test_short_first_line_followed_by_more_is_the_title() -> None:
    doc = parse_plaintext("انتخابات البلدية\n\n" + "\n".join(BODY), "mem")
    assert doc.meta.title == "انتخابات البلدية"
    assert doc.text == "\n".join(["انتخابات البلدية", *BODY])


def test_single_line_is_body() -> None:
    doc = parse_plaintext(BODY[0], "mem")
    assert doc.meta.title is None and doc.text == BODY[0]


def test_crlf_and_bom_are_normalised() -> None:
    doc = parse_plaintext("\ufeff" + "\r\n".join(BODY), "mem")
    assert doc.text == "\n".join(BODY)


def test_boilerplate_inside_body_goes_but_words_stay() -> None:
    text = f"{BODY[0]}\nشارك\nطباعة\n{BODY[1]}"
    assert parse_plaintext(text, "mem").text == "\n".join(BODY)


def test_footer_rule_only_at_the_end() -> None:
    line = "صحيفة الميدان"
    doc = parse_plaintext(f"{BODY[0]}\n{line}\n{BODY[1]}", "mem")
    assert line in doc.text.split("\n")


@pytest.mark.parametrize(
    ("byline", "outlet"),
    [
        ("الوطن – وكالات", "الوطن"),
        ("وكالات - الميدان", "الميدان"),
        ("سانا / خاص", "سانا"),
        ("أحمد علي", None),
        (None, None),
        ("وكالات", None),
    ],
)
def test_outlet_of_byline(byline: str | None, outlet: str | None) -> None:
    assert outlet_of_byline(byline) == outlet


def test_outlet_from_footer_when_no_byline() -> None:
    doc = parse_plaintext("\n".join(BODY) + "\n\nجريدة المساء", "mem")
    assert doc.meta.outlet == "المساء"
    assert "جريدة المساء" not in doc.text


def test_id_is_stable_and_short() -> None:
    one, two = parse_plaintext(SCRAPED, "a"), parse_plaintext(SCRAPED, "b")
    assert one.meta.id == two.meta.id and len(one.meta.id) == 16


@pytest.mark.shared
def test_seed_metadata(seed_text: str) -> None:
    doc = parse_plaintext(seed_text, "seed")
    assert doc.meta.section == "الأولى"
    assert doc.meta.title.startswith("أميركا تصر على دعم الميليشيات")
    assert doc.meta.title.endswith("تنسيقاً سياسياً وعسكرياً حول سورية")
    assert doc.meta.byline == "الوطن – وكالات"
    assert doc.meta.outlet == "الوطن"


@pytest.mark.shared
def test_seed_boilerplate_gone(seed_text: str) -> None:
    lines = parse_plaintext(seed_text, "seed").text.split("\n")
    for junk in ("زر الذهاب إلى الأعلى", "صحيفة الوطن", "الأولى", "| الوطن – وكالات"):
        assert junk not in lines


@pytest.mark.shared
def test_seed_every_body_line_kept(seed_text: str) -> None:
    doc = parse_plaintext(seed_text, "seed")
    lines = doc.text.split("\n")
    after_header = [ln.strip() for ln in seed_text.split("\n")[5:]]
    body = [ln for ln in after_header if ln and ln not in SEED_BOILERPLATE]
    assert len(body) >= 8
    assert lines[0] == doc.meta.title
    assert lines[1:] == body


@pytest.mark.parametrize(
    ("line", "byline"),
    [("| الميدان – وكالات", "الميدان – وكالات"), ("بقلم: سامي علي", "سامي علي"), ("بقلم سامي علي", "سامي علي"),
     ("كتب: هاني يوسف", "هاني يوسف"), ("كتب : هاني يوسف", "هاني يوسف")],
)
def test_byline_forms(line: str, byline: str) -> None:
    doc = parse_plaintext(f"عنوان الخبر هنا\n\n{line}\n\n" + "\n".join(BODY), "mem")
    assert doc.meta.byline == byline and doc.text == "\n".join(["عنوان الخبر هنا", *BODY])


def test_sentence_starting_like_a_byline_stays() -> None:
    text = "عنوان الخبر هنا\n\nكتب الوزير رسالة إلى نظيره يدعوه فيها إلى زيارة العاصمة.\n" + BODY[0]
    doc = parse_plaintext(text, "mem")
    assert doc.meta.byline is None and "كتب الوزير رسالة" in doc.text


@pytest.mark.parametrize("order", ["byline-date", "date-byline"])
def test_date_line_under_the_title(order: str) -> None:
    lines = ["| الميدان", "الأحد 17 تموز 2016"]
    header = "\n".join(lines if order == "byline-date" else lines[::-1])
    doc = parse_plaintext(f"عنوان الخبر هنا\n{header}\n" + "\n".join(BODY), "mem")
    assert doc.meta.published == "2016-07-17" and doc.meta.byline == "الميدان"
    assert doc.text == "\n".join(["عنوان الخبر هنا", "الأحد 17 تموز 2016", *BODY])  # a date line stays


@pytest.mark.parametrize("line", ["سامر يوسف – حلب", "الميدان ـ دمشق", "مراسلنا - بيروت"])
def test_name_place_byline_is_metadata_and_stays_in_the_text(line: str) -> None:
    doc = parse_plaintext(f"{line}\n" + "\n".join(BODY), "mem")
    assert doc.meta.title is None and doc.meta.byline == line and doc.meta.outlet is None
    assert doc.text == "\n".join([line, *BODY])


def test_agency_dateline_in_body_only_text() -> None:
    dateline = "عمّان 3 شعبان 1440 هـ الموافق 8 نيسان 2019 م بترا"
    doc = parse_plaintext(f"{dateline}\n" + "\n".join(BODY), "mem")
    assert doc.meta.title is None and doc.meta.published == "2019-04-08"
    assert doc.text == "\n".join([dateline, *BODY])


def test_dated_title_in_the_scraped_shape_stays_the_title() -> None:
    title = "انتخابات 6 أيار 2018 تنطلق وسط إقبال ضعيف"
    doc = parse_plaintext(f"{title}\n\n" + "\n".join(BODY), "mem")
    assert doc.meta.title == title


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_any_line_break_separates_paragraphs(brk: str) -> None:
    assert parse_plaintext(brk.join(BODY), "mem").text == "\n".join(BODY)


def test_invisible_marks_at_line_ends_are_trimmed() -> None:
    text = f"\u200f{BODY[0]}\u200e\n\u200fشارك\u200f\n\u202b{BODY[1]}\u202c"
    assert parse_plaintext(text, "mem").text == "\n".join(BODY)

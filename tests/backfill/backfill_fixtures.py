"""Fixture inputs for the parallel and backfill tests: Arabic sentences written for these
tests (nothing copied from ../shared), as JSON Lines, text, and some bad files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SENTENCES = (
    "قال وزير الخارجية المصري سامح شكري إن القاهرة ترفض أي تدخل أجنبي في الشؤون الليبية.",
    "أعلنت الحكومة الأردنية اليوم عن خطة جديدة لدعم المزارعين في وادي الأردن.",
    "تظاهر آلاف الطلاب في الرباط احتجاجا على رفع رسوم الجامعات الحكومية.",
    "التقى الرئيس التونسي قيس سعيد بوفد من البنك الدولي لبحث سبل التعاون الاقتصادي.",
    "اتهمت وزارة الداخلية العراقية جماعة مسلحة بتنفيذ هجوم على نقطة تفتيش شمال بغداد.",
    "وقال المتحدث باسم الأمم المتحدة إن المنظمة تدعو جميع الأطراف إلى ضبط النفس.",
    "وافق البرلمان الكويتي على مشروع قانون يحد من استيراد السيارات القديمة.",
    "ونقلت وكالة الأنباء السعودية عن مسؤول قوله إن المملكة ستستضيف القمة المقبلة.",
)


def article_record(number: int) -> dict:
    """A record whose text differs from every other one's (so no two articles repeat)."""
    body = " ".join(SENTENCES[(number + k) % len(SENTENCES)] for k in range(3))
    return {"id": f"fixture-{number}", "title": f"تقرير رقم {number} عن أحداث المنطقة",
            "outlet": "صحيفة الاختبار", "published": f"2024-03-{1 + number % 28:02d}",
            "text": f"{body} وأضاف أن العدد {number} من التقارير سيصدر غدا."}


def write_jsonl(path: Path, numbers, broken_after: int | None = None) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number in numbers:
            out.write(json.dumps(article_record(number), ensure_ascii=False) + "\n")
            if number == broken_after:
                out.write("{this line is not json\n")
                out.write("\n")  # a blank line: no document
    return path


def make_inputs(tmp_path: Path) -> Path:
    """A folder: 14 JSONL records (+1 broken line), a gzipped JSONL of 6, a text article,
    a binary file (E002), a cut .gz (E019 after what it kept), a .md file (S201)."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", range(14), broken_after=4)
    packed = write_jsonl(tmp_path / "b.jsonl", range(20, 26))
    (folder / "b.jsonl.gz").write_bytes(gzip.compress(packed.read_bytes(), mtime=0))
    (folder / "c.txt").write_text("الأخبار\n" + " ".join(SENTENCES[2:5]) + "\n", encoding="utf-8")
    (folder / "d.txt").write_bytes(b"\x00\x01\x02\x03binary\xff\xfe" * 20)
    cut = gzip.compress(write_jsonl(tmp_path / "e.jsonl", range(30, 34)).read_bytes(), mtime=0)
    (folder / "e.jsonl.gz").write_bytes(cut[: len(cut) * 2 // 3])
    (folder / "notes.md").write_text("# not an article\n", encoding="utf-8")
    return folder

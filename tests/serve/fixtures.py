"""Fixture articles of the serve tests (written for these tests) and a store built from them
through the real pipeline and `Store.write`."""

from __future__ import annotations

from pathlib import Path

ARTICLES = [
    {"id": "fx-cairo-1", "outlet": "صحيفة الاختبار", "section": "سياسة", "published": "2024-03-10",
     "url": "https://example.org/news/1",
     "title": "كيري يلتقي نظيره المصري في القاهرة",
     "text": "كيري يلتقي نظيره المصري في القاهرة\n"
             "قال وزير الخارجية الأمريكي جون كيري يوم الأحد في القاهرة إن \"الولايات المتحدة لن تتخلى عن حلفائها في المنطقة\".\n"
             "وأضاف أن الجيش المصري شن هجوما على مواقع المسلحين في سيناء، بحسب وكالة رويترز.\n"
             "ومن جهته أعلن وزير الخارجية المصري سامح شكري أن بلاده ستواصل مكافحة الإرهاب."},
    {"id": "fx-gaza-2", "outlet": "وكالة الأنباء التجريبية", "section": "عربي", "published": "2024-03-11",
     "title": "مظاهرات في غزة واحتجاجات أمام مقر الأمم المتحدة",
     "text": "مظاهرات في غزة واحتجاجات أمام مقر الأمم المتحدة\n"
             "تظاهر آلاف الفلسطينيين يوم الإثنين في مدينة غزة احتجاجا على الحصار، وطالبوا الأمم المتحدة بالتدخل.\n"
             "وقال المتحدث باسم وزارة الصحة أشرف القدرة إن القوات الإسرائيلية أطلقت النار على المتظاهرين.\n"
             "ودعا الأمين العام للأمم المتحدة أنطونيو غوتيريش إلى وقف فوري لإطلاق النار."},
    {"id": "fx-xss-3", "outlet": "<b>منفذ</b>", "published": "2024-03-11",
     "title": "عنوان <script>alert(1)</script> خبيث",
     "text": "عنوان <script>alert(1)</script> خبيث\n"
             "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن <img src=x onerror=alert(1)> لن يمر.\n"
             "وهاجمت الشرطة الفرنسية المحتجين في باريس يوم الإثنين <script>document.body.dataset.pwned='1'</script>."},
]


def build_store(path: Path) -> Path:
    from rasd.api import analyze
    from rasd.store.database import Store

    articles = [analyze(record) for record in ARTICLES]
    with Store(path) as store:
        store.write(articles)
    return path

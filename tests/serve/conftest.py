"""Fixtures of the serve tests: a store built from articles written for these tests, through
the real pipeline and `Store.write`, and the app served by uvicorn on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra (fastapi, uvicorn, jinja2) is not installed")

ARTICLES = [
    {"id": "fx-cairo-1", "outlet": "صحيفة الاختبار", "section": "سياسة", "published": "2024-03-10",
     "url": "https://example.org/news/1",
     "title": "كيري يلتقي نظيره المصري في القاهرة",
     "text": "كيري يلتقي نظيره المصري في القاهرة\n"
             "قال وزير الخارجية الأمريكي جون كيري يوم الأحد في القاهرة إن \"الولايات المتحدة لن تتخلى عن حلفائها في المنطقة\".\n"
             "وأضاف أن الجيش المصري شن هجوما على مواقع المسلحين في سيناء، بحسب وكالة رويترز.\n"
             "ومن جهته أعلن وزير الخارجية المصري سامح شكري أن بلاده ستواصل مكافحة الإرهاب.\n"
             "وتعتزم مصر فرض عقوبات على الشركات المخالفة الأسبوع المقبل."},
    {"id": "fx-gaza-2", "outlet": "وكالة الأنباء التجريبية", "section": "عربي", "published": "2024-03-11",
     "title": "مظاهرات في غزة واحتجاجات أمام مقر الأمم المتحدة",
     "text": "مظاهرات في غزة واحتجاجات أمام مقر الأمم المتحدة\n"
             "تظاهر آلاف الفلسطينيين يوم الإثنين في مدينة غزة احتجاجا على الحصار، وطالبوا الأمم المتحدة بالتدخل.\n"
             "وقال المتحدث باسم وزارة الصحة أشرف القدرة إن القوات الإسرائيلية أطلقت النار على المتظاهرين.\n"
             "ودعا الأمين العام للأمم المتحدة أنطونيو غوتيريش إلى وقف فوري لإطلاق النار."},
    {"id": "fx-xss-3", "outlet": "<b>منفذ</b>", "published": "2024-03-11", "url": "javascript:alert(1)",
     "title": "عنوان <script>alert(1)</script> خبيث",
     "text": "عنوان <script>alert(1)</script> خبيث\n"
             "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن <img src=x onerror=alert(1)> لن يمر.\n"
             "وهاجمت الشرطة الفرنسية المحتجين في باريس يوم الإثنين <script>document.body.dataset.pwned='1'</script>."},
]


SERVER_START_S = 20.0


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    from rasd.api import analyze
    from rasd.store.database import Store

    path = tmp_path_factory.mktemp("serve") / "fixtures.duckdb"
    with Store(path) as store:
        store.write([analyze(record) for record in ARTICLES])
    return path


@pytest.fixture(scope="session")
def app(store_path):
    from rasd.serve.app import create_app

    return create_app(store_path)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    return TestClient(app, raise_server_exceptions=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(app):
    """The app served by uvicorn in a thread: its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)

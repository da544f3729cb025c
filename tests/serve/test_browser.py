"""The web app in a real browser: Debian's Chromium driven by Playwright, against the app
served by uvicorn on loopback from a store of the fixture articles (tests/serve/conftest.py).

Screenshots of every page go to the test's tmp dir, and also to $RASD_SCREENSHOT_DIR when set.
Skips, saying why, where Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the test extra) is not installed")

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Flags this machine needs (a closed network, root, no GPU): see the machine notes.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}
PAGE_TIMEOUT_MS = 30_000
ARTICLE_IDS = ("fx-cairo-1", "fx-gaza-2", "fx-xss-3")
HIGHLIGHT_KINDS = {"entity", "quote", "speaker", "cue", "trigger"}


def chromium_path() -> str | None:
    found = os.environ.get("RASD_CHROMIUM") or next((p for p in CHROMIUM_PATHS if Path(p).exists()), None)
    return found or shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium found (/usr/bin/chromium; .ci/run installs Debian's chromium package)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


class Visit:
    """A page opened in a fresh context, recording dialogs, console errors and any request
    that leaves loopback (which is refused)."""

    def __init__(self, browser, base: str):
        self.context = browser.new_context(viewport=VIEWPORT, locale="ar")
        self.page = self.context.new_page()
        self.page.set_default_timeout(PAGE_TIMEOUT_MS)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        host = urlparse(base).hostname
        self.context.route("**/*", self._route(host))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, host):
        def handle(route):
            url = route.request.url
            if urlparse(url).hostname == host or url.startswith("data:"):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()
        return handle

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, live_server):
    opened: list[Visit] = []

    def open_page(path: str) -> Visit:
        v = Visit(browser, live_server)
        opened.append(v)
        response = v.page.goto(live_server + path, wait_until="load")
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        return v

    yield open_page
    for v in opened:
        v.close()


def screenshot(page, shots: Path, name: str) -> Path:
    target = shots / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    extra = os.environ.get("RASD_SCREENSHOT_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(target, Path(extra) / target.name)
    assert target.stat().st_size > 0
    return target


def assert_rtl(page) -> None:
    assert page.evaluate("document.documentElement.getAttribute('dir')") == "rtl"
    assert page.evaluate("document.documentElement.getAttribute('lang')") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"


def assert_clean(v: Visit) -> None:
    assert v.dialogs == [], f"a dialog opened: {v.dialogs}"
    assert v.errors == [], f"console errors (a CSP violation shows here): {v.errors}"
    assert v.outside == [], f"requests beyond loopback: {v.outside}"


@pytest.mark.parametrize("path,name", [("/", "home"), ("/events", "events"), ("/search?q=" + quote("غزة"), "search")])
def test_pages_load_rtl(visit, shots, path, name):
    v = visit(path)
    assert_rtl(v.page)
    assert v.page.locator("main h1").count() >= 1
    screenshot(v.page, shots, name)
    assert_clean(v)


def test_search_finds_articles_quotes_and_events(visit):
    v = visit("/search?q=" + quote("غزة"))
    for section in ("#r-articles", "#r-quotes", "#r-events"):
        assert v.page.locator(section).count() == 1
    assert v.page.locator("#r-articles li a").count() >= 1
    assert v.page.locator("#r-events tbody tr").count() >= 1


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_article_highlights_sit_on_their_spans(visit, client, shots, article_id):
    record = client.get(f"/api/articles/{article_id}").json()
    text = record["article"]["text"]
    v = visit(f"/articles/{article_id}")
    assert_rtl(v.page)
    marks = v.page.eval_on_selector_all(
        "#article-text .hl",
        "els => els.map(e => ({kind: e.dataset.kind, key: e.dataset.key, start: +e.dataset.start,"
        " end: +e.dataset.end, text: e.innerText}))")
    assert marks, "no highlighted element"
    for mark in marks:
        assert mark["text"] == text[mark["start"]:mark["end"]], mark
    # Every entity, quotation content and event trigger of the record is highlighted, whole.
    covered: dict[str, list[tuple[int, int]]] = {}
    for mark in marks:
        covered.setdefault(mark["key"], []).append((mark["start"], mark["end"]))
    expected = {f"ent-{e['id']}": (e["start"], e["end"]) for e in record["entities"]}
    expected |= {f"q-{q['id']}": (q["content"]["start"], q["content"]["end"]) for q in record["quotes"]}
    expected |= {f"ev-{e['id']}": (e["trigger"]["start"], e["trigger"]["end"]) for e in record["events"]}
    for key, (start, end) in expected.items():
        pieces = sorted(covered.get(key, []))
        assert pieces and pieces[0][0] == start and pieces[-1][1] == end, (key, pieces)
        assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False)), (key, pieces)
    screenshot(v.page, shots, f"article-{article_id}")
    assert_clean(v)


def test_all_highlight_kinds_are_shown_in_distinct_styles(visit):
    kinds: dict[str, str] = {}
    for article_id in ARTICLE_IDS[:2]:
        v = visit(f"/articles/{article_id}")
        found = v.page.eval_on_selector_all(
            "#article-text .hl",
            "els => els.map(e => [e.dataset.kind, getComputedStyle(e).backgroundColor + '|' +"
            " getComputedStyle(e).borderBottomStyle + '|' + getComputedStyle(e).fontStyle])")
        kinds.update(dict(found))
    assert set(kinds) >= HIGHLIGHT_KINDS, kinds
    assert len({kinds[k] for k in HIGHLIGHT_KINDS}) == len(HIGHLIGHT_KINDS), kinds


def test_hover_shows_type_mode_and_confidence(visit, client):
    event = client.get("/api/articles/fx-cairo-1").json()["events"][0]
    v = visit("/articles/fx-cairo-1")
    v.page.hover(f"#ev-{event['id']}")
    info = v.page.locator("#info").inner_text()
    assert event["type"] in info and event["mode"] in info
    assert f"{event['confidence']:.2f}" in info


def test_quote_and_event_lists_link_to_their_spans(visit):
    v = visit("/articles/fx-cairo-1")
    link = v.page.locator("ol.quotes a.to-span").first
    target = link.get_attribute("data-target")
    assert link.get_attribute("href") == f"#{target}"
    link.click()
    v.page.wait_for_function(f"document.getElementById('{target}').classList.contains('flash')")
    assert v.page.locator("#info").inner_text().strip() != ""
    assert v.page.locator("ol.event-list a.to-span").count() >= 1


def test_filters_change_the_table(visit, shots, client):
    v = visit("/events")
    rows = v.page.locator("#events-table tbody tr")
    before = rows.count()
    types = {t["type"]: t["events"] for t in client.get("/api/stats").json()["by_type"]}
    rarest = min(types, key=lambda t: (types[t], t))
    assert before == sum(types.values()) and types[rarest] < before
    with v.page.expect_navigation():
        v.page.select_option("#f-type", rarest)  # rasd.js submits the form on change
    rows = v.page.locator("#events-table tbody tr")
    assert rows.count() == types[rarest]
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.type)")) == {rarest}
    assert "type=" in v.page.url
    screenshot(v.page, shots, "events-filtered")
    v.page.fill("#f-text", "no-such-words-anywhere")
    with v.page.expect_navigation():
        v.page.click("#f-apply")
    assert v.page.locator("#events-table tbody tr").count() == 0
    assert_clean(v)


def test_xss_fixture_stays_inert(visit, shots):
    v = visit("/articles/fx-xss-3")
    page = v.page
    body = page.locator("#article-text").inner_text()
    assert "<script>alert(1)</script>" in body and "<img src=x onerror=alert(1)>" in body
    assert page.locator("#article-text img, #article-text script").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], [onerror]').length") == 0
    assert page.evaluate("document.body.dataset.pwned === undefined")
    assert "<script>" in page.locator("main h1").inner_text()
    assert page.locator("a[href^='javascript:']").count() == 0
    page.hover("#article-text .hl")
    screenshot(page, shots, "article-xss")
    assert v.dialogs == []
    for path in ("/search?q=" + quote("<script>"), "/"):
        other = visit(path)
        assert other.page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
        assert other.dialogs == []


def test_actor_page(visit, shots, client):
    actors = client.get("/api/actors", params={"sort": "mentions"}).json()["items"]
    actor = next(a for a in actors if client.get(f"/api/actors/{a['id']}").json()["events_as_source"])
    v = visit(f"/actors/{actor['id']}")
    assert_rtl(v.page)
    assert actor["name"] in v.page.locator("main h1").inner_text()
    assert v.page.locator("ol.timeline li").count() >= 1
    screenshot(v.page, shots, "actor")
    assert_clean(v)


def test_docs_page_works_offline(visit, shots):
    v = visit("/docs")
    v.page.wait_for_selector(".swagger-ui .opblock", timeout=PAGE_TIMEOUT_MS)
    assert v.page.locator(".swagger-ui .opblock").count() >= 8
    screenshot(v.page, shots, "docs")
    assert_clean(v)

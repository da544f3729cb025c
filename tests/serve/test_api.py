"""The JSON API through FastAPI's test client, over a store of the fixture articles
(tests/serve/conftest.py): every endpoint and filter, paging, bad input, the OpenAPI document,
the security headers."""

from __future__ import annotations

import json

import pytest

from rasd.settings import Settings

EVENT_FILTERS = ("type", "mode", "actor", "country", "sector", "place", "date_from", "date_to", "text", "article")
HTTP_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def get(client, url, **params):
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def error_code(response) -> str:
    return response.json()["error"]["code"]


def flat(hit: dict) -> dict:
    """An event hit of /api/events as one flat row, for the checks below."""

    def side(name):
        ref = hit[name]
        return {f"{name}_actor": ref and ref["actor_id"], f"{name}_country": ref and ref["country"],
                f"{name}_sector": ref and ref["sector"], f"{name}_text": ref and ref["mention"]["text"]}

    return {"id": hit["id"], "article_id": hit["article"]["article_id"], "event_id": hit["event_id"],
            "type": hit["type"], "mode": hit["mode"], "day": hit["day"], "confidence": hit["confidence"],
            "trigger_start": hit["trigger"]["start"], "trigger_end": hit["trigger"]["end"],
            "trigger_text": hit["trigger"]["text"], **side("source"), **side("target"),
            "location_text": hit["place"] and hit["place"]["text"], "location_country": hit["place_country"],
            "cluster_id": hit["cluster"] and hit["cluster"]["cluster_id"], "evidence": hit["evidence"]}


def all_events(client, **params) -> list[dict]:
    return [flat(h) for h in get(client, "/api/events", limit=200, **params)["hits"]]


# -- events ----------------------------------------------------------------------------------

def test_events_list_all_with_ids_and_spans(client):
    page = get(client, "/api/events", limit=200)
    assert page["total"] == len(page["hits"]) >= 8
    events = [flat(h) for h in page["hits"]]
    texts = {a: get(client, f"/api/articles/{a}")["article"]["text"] for a in {e["article_id"] for e in events}}
    for e in events:
        text = texts[e["article_id"]]
        assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger_text"]
        ev = e["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
        assert e["id"] == e["cluster_id"] or e["id"] == f"{e['article_id']}:{e['event_id']}"


@pytest.mark.parametrize("name", EVENT_FILTERS)
def test_each_event_filter_narrows_to_matching_events(client, name):
    events = all_events(client)
    sample = events[-1] if name == "date_to" else events[0] if name not in ("country", "sector", "actor", "place") else next(
        e for e in events if e["source_country"] and e["source_sector"] and e["location_country"] and e["source_actor"])
    value = {"type": sample["type"], "mode": sample["mode"], "actor": sample["source_actor"],
             "country": sample["source_country"], "sector": sample["source_sector"], "place": sample["location_country"],
             "date_from": sample["day"], "date_to": sample["day"], "text": sample["trigger_text"],
             "article": sample["article_id"]}[name]
    got = all_events(client, **{name: value})
    key = (sample["article_id"], sample["event_id"])
    assert got and key in {(e["article_id"], e["event_id"]) for e in got}
    check = {
        "type": lambda e: e["type"] == value, "mode": lambda e: e["mode"] == value,
        "actor": lambda e: value in (e["source_actor"], e["target_actor"]),
        "country": lambda e: value in (e["source_country"], e["target_country"]),
        "sector": lambda e: value in (e["source_sector"], e["target_sector"]),
        "place": lambda e: e["location_country"] == value,
        "date_from": lambda e: e["day"] >= value, "date_to": lambda e: e["day"] <= value,
        "text": lambda e: True,  # words of the evidence, matched on index terms (rasd.store.search's own tests)
        "article": lambda e: e["article_id"] == value}[name]
    assert all(check(e) for e in got)
    assert len(got) < len(events), f"the fixtures should have events that {name}={value} leaves out"


def test_event_filters_combine_and_take_lists(client):
    events = all_events(client)
    types = sorted({e["type"] for e in events})[:2]
    got = all_events(client, type=",".join(types))
    assert {e["type"] for e in got} == set(types)
    assert len(got) == sum(e["type"] in types for e in events)
    both = all_events(client, type=types[0], mode="asserted")
    assert all(e["type"] == types[0] and e["mode"] == "asserted" for e in both)
    clusters = get(client, "/api/events", per="cluster", limit=200)
    assert 0 < clusters["total"] <= len(events)


def test_event_paging_covers_all_without_overlap(client):
    total = get(client, "/api/events")["total"]
    seen = []
    for offset in range(0, total, 3):
        page = get(client, "/api/events", limit=3, offset=offset, sort="confidence")
        assert page["total"] == total and len(page["hits"]) <= 3
        seen += [(h["article"]["article_id"], h["event_id"]) for h in page["hits"]]
    assert len(seen) == total == len(set(seen))
    assert get(client, "/api/events", offset=total)["hits"] == []


@pytest.mark.parametrize("sort,key,reverse", [("date", "day", True), ("oldest", "day", False),
                                               ("-day", "day", True), ("confidence", "confidence", True)])
def test_event_sort(client, sort, key, reverse):
    values = [e[key] for e in all_events(client, sort=sort)]
    assert values == sorted(values, reverse=reverse)


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 10_000}, {"offset": -1}, {"sort": "bogus"}, {"mode": "shouted"},
    {"type": "NOT_A_TYPE"}, {"country": "Egypt!"}, {"date_from": "yesterday"}, {"date_to": "2024-13-01"},
    {"date_from": "2024-03-12", "date_to": "2024-03-01"}, {"limit": "many"}, {"sort": "relevance"},
    {"per": "week"}, {"role": "bystander"}, {"min_confidence": 2},
])
def test_bad_event_parameters_are_400_with_e024(client, params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    assert error_code(response) == "E024"
    assert "Traceback" not in response.text


def test_event_cluster_has_every_report_with_evidence(client):
    events = all_events(client)
    target = next((e for e in events if e["cluster_id"]), events[0])
    cluster = get(client, f"/api/events/{target['id']}")
    assert cluster["reports"] and cluster["type"] == target["type"]
    assert any(r["event_id"] == target["event_id"] and r["article_id"] == target["article_id"]
               for r in cluster["reports"])
    for report in cluster["reports"]:
        text = get(client, f"/api/articles/{report['article_id']}")["article"]["text"]
        evidence = report["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert evidence["start"] <= report["trigger_start"] and report["trigger_end"] <= evidence["end"]


def test_event_by_article_and_event_id_gives_its_cluster(client):
    e = all_events(client)[0]
    got = get(client, f"/api/events/{e['article_id']}:{e['event_id']}")
    assert (e["article_id"], e["event_id"]) in [(r["article_id"], r["event_id"]) for r in got["reports"]]
    if got.get("cluster_id"):
        assert got == get(client, f"/api/events/{got['cluster_id']}") | {"id": got["id"]}


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/events/fx-cairo-1:v999", "/api/actors/nope",
                                  "/api/articles/nope"])
def test_unknown_ids_are_404_with_e026(client, path):
    response = client.get(path)
    assert response.status_code == 404 and error_code(response) == "E026"


# -- actors, quotes, articles, stats ---------------------------------------------------------

def test_actors_list_filters_and_paging(client):
    page = get(client, "/api/actors", limit=200)
    assert page["total"] == len(page["items"]) > 5
    mentions = [a["mentions"] for a in page["items"]]
    assert mentions == sorted(mentions, reverse=True)
    names = [a["name"] for a in get(client, "/api/actors", sort="name", limit=200)["items"]]
    assert names == sorted(names)
    first = page["items"][0]
    for name in ("country", "sector", "kind"):
        value = next(a[name] for a in page["items"] if a[name])
        got = get(client, "/api/actors", limit=200, **{name: value})["items"]
        assert got and all(a[name] == value for a in got) and len(got) < page["total"]
    by_name = get(client, "/api/actors", name=first["name"])["items"]
    assert first["id"] in [a["id"] for a in by_name]
    two = get(client, "/api/actors", limit=2, offset=1)["items"]
    assert [a["id"] for a in two] == [a["id"] for a in page["items"][1:3]]
    assert client.get("/api/actors", params={"sort": "age"}).status_code == 400


def test_actor_detail_events_quotes_roles(client):
    events = all_events(client)
    source = next(e for e in events if e["source_actor"] and e["target_actor"] and e["source_actor"] != e["target_actor"])
    actor = get(client, f"/api/actors/{source['source_actor']}")
    assert actor["name"] and actor["mentions"] >= 1
    assert any(e["event_id"] == source["event_id"] for e in actor["events_as_source"])
    assert all(e["source_actor"] == source["source_actor"] for e in actor["events_as_source"])
    assert all(e["target_actor"] == source["source_actor"] for e in actor["events_as_target"])
    assert source["target_actor"] in [p["id"] for p in actor["acts_on"]]
    target = get(client, f"/api/actors/{source['target_actor']}")
    assert any(e["event_id"] == source["event_id"] for e in target["events_as_target"])
    speakers = [q for q in get(client, "/api/quotes", limit=200)["hits"] if q["speaker"] and q["speaker"]["actor_id"]]
    speaker = get(client, f"/api/actors/{speakers[0]['speaker']['actor_id']}")
    assert speakers[0]["quote_id"] in [q["id"] for q in speaker["quotes"]
                                       if q["article_id"] == speakers[0]["article"]["article_id"]]
    with_role = [a for a in get(client, "/api/articles/fx-cairo-1")["actors"] if a["role"]]
    assert with_role, "the fixture names a minister with his title"
    roles = get(client, f"/api/actors/{with_role[0]['id']}")["roles"]
    assert any(r["role"] == with_role[0]["role"] and r["first_day"] == "2024-03-10" for r in roles)


def test_quotes_filters_and_paging(client):
    page = get(client, "/api/quotes", limit=200)
    assert page["total"] == len(page["hits"]) >= 3
    q = next(q for q in page["hits"] if q["speaker"] and q["speaker"]["actor_id"])
    speaker = q["speaker"]["actor_id"]
    by_speaker = get(client, "/api/quotes", speaker=speaker, limit=200)["hits"]
    assert by_speaker and all(x["speaker"]["actor_id"] == speaker for x in by_speaker)
    word = max(q["content"]["text"].split(), key=len)
    by_text = get(client, "/api/quotes", text=word, limit=200)["hits"]
    assert (q["article"]["article_id"], q["quote_id"]) in [(x["article"]["article_id"], x["quote_id"]) for x in by_text]
    by_article = get(client, "/api/quotes", article="fx-gaza-2", limit=200)["hits"]
    assert by_article and {x["article"]["article_id"] for x in by_article} == {"fx-gaza-2"}
    dated = get(client, "/api/quotes", date_from="2024-03-11", date_to="2024-03-11", limit=200)["hits"]
    assert dated and all(x["day"] == "2024-03-11" for x in dated) and len(dated) < page["total"]
    kinds = {x["kind"] for x in page["hits"]}
    one = sorted(kinds)[0]
    assert {x["kind"] for x in get(client, "/api/quotes", kind=one, limit=200)["hits"]} == {one}
    assert len(get(client, "/api/quotes", limit=1, offset=1)["hits"]) == 1
    assert client.get("/api/quotes", params={"sort": "loudness"}).status_code == 400


def test_articles_by_words(client):
    hits = get(client, "/api/articles", text="غزة")["hits"]
    assert [h["article"]["article_id"] for h in hits] == ["fx-gaza-2"]
    assert get(client, "/api/articles", text="كلمةغيرموجودة")["total"] == 0
    assert get(client, "/api/articles")["total"] == 3
    assert client.get("/api/articles", params={"limit": 0}).status_code == 400


def test_article_is_contract_json_with_exact_spans(client):
    record = get(client, "/api/articles/fx-cairo-1")
    assert record["schema"] == "rasd.analysis/1" and record["article"]["id"] == "fx-cairo-1"
    text = record["article"]["text"]
    for e in record["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
    for q in record["quotes"]:
        assert text[q["content"]["start"]:q["content"]["end"]] == q["content"]["text"]
    assert "sources" in record


def test_stats_count_by_day_and_type(client):
    stats = get(client, "/api/stats")
    events = all_events(client)
    assert sum(r["events"] for r in stats["by_day"]) == len(events) == stats["totals"]["events"]
    assert sum(r["events"] for r in stats["by_type"]) == len(events)
    day = events[0]["day"]
    one = get(client, "/api/stats", date_from=day, date_to=day)
    assert {r["day"] for r in one["by_day"]} == {day}
    kind = events[0]["type"]
    typed = get(client, "/api/stats", type=kind)
    assert {r["type"] for r in typed["by_type"]} == {kind}
    assert client.get("/api/stats", params={"date_from": "2024-03-12", "date_to": "2024-01-01"}).status_code == 400


# -- analyze -----------------------------------------------------------------------------------

ANALYZE_TEXT = "قال وزير الخارجية المصري سامح شكري يوم الأحد إن بلاده ترفض التدخل في شؤونها."


def test_analyze_json_text_plain_and_html(client):
    record = client.post("/api/analyze", json={"text": ANALYZE_TEXT, "id": "posted-1"})
    assert record.status_code == 200, record.text
    body = record.json()
    assert body["article"]["id"] == "posted-1" and body["article"]["text"].startswith("قال")
    assert body["entities"]
    plain = client.post("/api/analyze", content=ANALYZE_TEXT.encode(), headers={"content-type": "text/plain; charset=utf-8"})
    assert plain.status_code == 200 and plain.json()["article"]["text"] == body["article"]["text"]
    html = f"<html><body><article><h1>عنوان الخبر</h1><p>{ANALYZE_TEXT}</p></article></body></html>"
    page = client.post("/api/analyze", content=html.encode(), headers={"content-type": "text/html"})
    assert page.status_code in (200, 422)
    if page.status_code == 200:
        assert "سامح شكري" in page.json()["article"]["text"]
    else:
        assert error_code(page) in ("E005", "E013")


def test_analyze_stores_nothing(client):
    before = get(client, "/api/stats")["totals"]
    client.post("/api/analyze", json={"text": ANALYZE_TEXT, "id": "posted-2"})
    assert get(client, "/api/stats")["totals"] == before
    assert client.get("/api/articles/posted-2").status_code == 404


@pytest.mark.parametrize("body,kind,status,code", [
    (b"{not json", "application/json", 400, "E006"),
    (b'{"title": "no text"}', "application/json", 400, "E009"),
    (b"[1, 2]", "application/json", 400, "E009"),
    (b'{"text": "   "}', "application/json", 400, "E009"),
    (b"   ", "text/plain", 422, "E001"),
    (b"\xff\xfe\x00bad", "text/plain", 422, "E003"),
    (b"text", "application/xml", 400, "E009"),
])
def test_analyze_bad_input_is_coded(client, body, kind, status, code):
    response = client.post("/api/analyze", content=body, headers={"content-type": kind})
    assert response.status_code == status, response.text
    assert error_code(response) == code


def test_analyze_size_limit_and_time_budget(store_path):
    from fastapi.testclient import TestClient

    from rasd.serve.app import MIN_REQUEST_BYTES, create_app

    small = TestClient(create_app(store_path, Settings(max_bytes=2000)), raise_server_exceptions=False)
    over = "كلمة " * 500  # 5,000 bytes of UTF-8: over max_bytes, under the request cap
    response = small.post("/api/analyze", json={"text": over})
    assert response.status_code == 413 and error_code(response) == "E004"
    huge = b'{"text": "' + b"a" * (MIN_REQUEST_BYTES * 2) + b'"}'
    response = small.post("/api/analyze", content=huge, headers={"content-type": "application/json"})
    assert response.status_code == 413 and error_code(response) == "E004"
    hurried = TestClient(create_app(store_path, Settings(time_budget_s=1e-6)), raise_server_exceptions=False)
    response = hurried.post("/api/analyze", json={"text": ANALYZE_TEXT})
    assert response.status_code == 503 and error_code(response) == "E020"


# -- errors, safety, documents ---------------------------------------------------------------

def test_unknown_route_and_method_are_coded_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and error_code(response) == "E026"
    response = client.post("/api/events")
    assert response.status_code == 405 and error_code(response) == "E024"


def test_unexpected_error_is_500_e017_without_trace(store_path, monkeypatch):
    from fastapi.testclient import TestClient

    from rasd.serve.app import create_app
    from rasd.serve.data import StoreView

    def broken(self, f):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(StoreView, "events", broken)
    client = TestClient(create_app(store_path), raise_server_exceptions=False)
    for path in ("/api/events", "/events"):
        response = client.get(path)
        assert response.status_code == 500
        assert "Traceback" not in response.text and "secret internals" not in response.text
        assert "E017" in response.text
        assert "script-src 'self'" in response.headers["content-security-policy"]


def test_no_write_endpoints_but_analyze(client):
    event = all_events(client)[0]
    actor = event["source_actor"] or event["target_actor"]
    paths = ["/api/events", f"/api/events/{event['id']}", "/api/actors", f"/api/actors/{actor}", "/api/quotes",
             "/api/articles/fx-cairo-1", "/api/articles", "/api/stats", "/api/analyze", "/", "/events", "/articles/fx-cairo-1",
             f"/actors/{actor}", "/search", "/docs", "/openapi.json"]
    writes = [(path, method) for path in paths for method in sorted(HTTP_WRITES)
              if client.request(method, path).status_code != 405]
    assert writes == [("/api/analyze", "POST")]


@pytest.mark.parametrize("path", ["/", "/events", "/api/events", "/articles/fx-xss-3", "/static/rasd.css",
                                  "/api/articles/nope", "/docs", "/openapi.json"])
def test_security_headers_everywhere(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "default-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_pages_escape_article_strings(client):
    html = client.get("/articles/fx-xss-3").text
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<script>" not in client.get("/search", params={"q": "<script>"}).text.split("</head>")[1]
    assert "<b>منفذ</b>" not in client.get("/").text


def test_pages_are_rtl_and_answer(client):
    first_actor = get(client, "/api/actors")["items"][0]["id"]
    for path in ("/", "/events", "/articles/fx-gaza-2", f"/actors/{first_actor}", "/search?q=غزة", "/search"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="ar" dir="rtl">' in response.text
    response = client.get("/articles/nope")
    assert response.status_code == 404 and "E026" in response.text and 'dir="rtl"' in response.text
    assert client.get("/events", params={"sort": "nonsense"}).status_code == 400


def test_openapi_document_is_valid(client):
    doc = get(client, "/openapi.json")
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] == "rasd" and doc["info"]["version"]
    expected = {"/api/events", "/api/events/{event_id}", "/api/actors", "/api/actors/{actor_id}", "/api/quotes",
                "/api/articles", "/api/articles/{article_id}", "/api/analyze", "/api/stats"}
    assert expected == set(doc["paths"])
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert method in ("get", "post") and op["responses"], (path, method)
            for param in op.get("parameters", []):
                assert param["in"] in ("query", "path") and "schema" in param
                if param["in"] == "path":
                    assert param["required"] is True and "{" + param["name"] + "}" in path
    assert "requestBody" in doc["paths"]["/api/analyze"]["post"]
    event_params = {p["name"] for p in doc["paths"]["/api/events"]["get"]["parameters"]}
    assert set(EVENT_FILTERS) | {"limit", "offset", "sort"} <= event_params
    try:
        from openapi_spec_validator import validate
    except ImportError:
        from jsonschema import Draft202012Validator

        for schema in doc.get("components", {}).get("schemas", {}).values():
            Draft202012Validator.check_schema(schema)
    else:
        validate(doc)
    json.dumps(doc)


def test_docs_page_is_served_from_the_package(client):
    html = client.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in html and "/static/docs.js" in html
    assert "http://" not in html and "https://" not in html
    for asset in ("/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css",
                  "/static/swagger-ui/LICENSE", "/static/docs.js", "/static/rasd.js"):
        assert client.get(asset).status_code == 200, asset


def test_app_without_store_still_analyzes(tmp_path):
    from fastapi.testclient import TestClient

    from rasd.serve.app import create_app

    client = TestClient(create_app(None), raise_server_exceptions=False)
    response = client.get("/api/events")
    assert response.status_code == 404 and error_code(response) == "E008"
    assert client.post("/api/analyze", json={"text": ANALYZE_TEXT}).status_code == 200


# -- the command ----------------------------------------------------------------------------------

def test_serve_command_refuses_remote_bind_without_flag(store_path, capsys):
    from rasd.cli import main

    assert main(["serve", "--store", str(store_path), "--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_serve_command_needs_a_store(tmp_path, capsys):
    from rasd.cli import main

    assert main(["serve", "--store", str(tmp_path / "none.duckdb")]) == 2
    assert "E008" in capsys.readouterr().err


def test_serve_command_without_extra_says_how_to_install(store_path, capsys, monkeypatch):
    import importlib.util

    from rasd.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    assert main(["serve", "--store", str(store_path)]) == 2
    err = capsys.readouterr().err
    assert "pip install 'rasd[serve]'" in err and "uvicorn" in err


def test_serve_command_warns_when_remote_allowed(store_path, capsys, monkeypatch):
    import uvicorn

    from rasd.cli import main

    ran = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: ran.update(kw))
    assert main(["serve", "--store", str(store_path), "--host", "0.0.0.0", "--allow-remote", "--port", "8123"]) == 0
    assert ran["host"] == "0.0.0.0" and ran["port"] == 8123
    assert "warning" in capsys.readouterr().err

"""Load test of `rasd serve` on loopback, and the article page in headless Chromium.

    python bench/bench_serve.py --store ant.duckdb            # a store made before
    python bench/bench_serve.py --jsonl ant31k.jsonl --store ant.duckdb   # imported first (rasd store import)
    python bench/bench_serve.py --articles 2000               # a clean checkout: analyses that many ANT
                                                              # articles from ../shared into a temporary store

Starts `rasd serve` as a subprocess on a free loopback port, then N concurrent clients (threads,
keep-alive connections) request `/api/events` with filters drawn from the store itself (types,
modes, countries, date ranges, text, paging, sorts) for a fixed time, and prints requests/s,
median / p95 / p99 latency and the errors (anything but HTTP 200). Then Debian's Chromium
(Playwright) loads article pages and prints their weight (bytes of HTML, CSS, JS) and the
time to first contentful paint (a screenshot of each goes to $RASD_SCREENSHOT_DIR when set).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "data" / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz"
RASD = [sys.executable, "-m", "rasd.cli"]
START_TIMEOUT_S = 120.0
REQUEST_TIMEOUT_S = 30.0
SEED = 13
PAGE_LOADS = 5
PAINT_TIMEOUT_S = 10.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_store(args) -> Path:
    store = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="rasd-bench-")) / "bench.duckdb"
    if store.exists() and not args.jsonl:
        return store
    if args.jsonl:
        command = [*RASD, "store", "import", args.jsonl, "--store", str(store)]
    else:
        if not ANT.exists():
            sys.exit(f"bench_serve: give --store or --jsonl; the ANT corpus ({ANT}) is not here either")
        sample = store.with_suffix(".input.jsonl")
        write_sample(ANT, sample, args.articles)
        command = [*RASD, "analyze", str(sample), "--store", str(store)]
    print(f"building the store: {' '.join(command[2:])}", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run(command, check=True)
    print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return store


def write_sample(corpus: Path, out: Path, limit: int) -> None:
    import gzip

    with gzip.open(corpus, "rt", encoding="utf-8") as lines, out.open("w", encoding="utf-8") as sink:
        for i, line in enumerate(lines):
            if i >= limit:
                break
            sink.write(line)


def start_server(store: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen([*RASD, "serve", "--store", str(store), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    import httpx

    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"bench_serve: rasd serve exited: {server.stderr.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    sys.exit("bench_serve: rasd serve did not answer")


def query_mix(base: str, rng: random.Random) -> list[dict]:
    """Filter sets for /api/events drawn from what the store holds."""
    import httpx

    stats = httpx.get(f"{base}/api/stats", timeout=REQUEST_TIMEOUT_S).json()
    types = [r["type"] for r in stats["by_type"][:12]]
    days = sorted({r["day"] for r in stats["by_day"]})
    sample = httpx.get(f"{base}/api/events", params={"limit": 200, "sort": "confidence"},
                       timeout=REQUEST_TIMEOUT_S).json()["hits"]
    sources = [e["source"] for e in sample if e["source"]]
    countries = sorted({s["country"] for s in sources if s["country"]})[:10] or ["EGY"]
    actors = [s["actor_id"] for s in sources if s["actor_id"]][:20]
    words = [e["trigger"]["text"] for e in sample][:20]
    mixes = []
    for _ in range(400):
        q: dict = {"limit": rng.choice((20, 50))}
        kind = rng.randrange(8)
        if kind == 0:
            q["type"] = rng.choice(types)
        elif kind == 1:
            q |= {"type": rng.choice(types), "mode": "asserted"}
        elif kind == 2:
            q["country"] = rng.choice(countries)
        elif kind == 3 and days:
            start = rng.randrange(len(days))
            q |= {"date_from": days[start], "date_to": days[min(start + 7, len(days) - 1)]}
        elif kind == 4 and actors:
            q["actor"] = rng.choice(actors)
        elif kind == 5 and words:
            q["text"] = rng.choice(words)
        elif kind == 6:
            q |= {"type": rng.choice(types), "offset": rng.choice((0, 50, 200)), "sort": "confidence"}
        else:
            q |= {"sort": rng.choice(("date", "oldest", "confidence")), "offset": rng.randrange(0, 1000)}
        mixes.append(q)
    return mixes


def load(base: str, clients: int, seconds: float, mixes: list[dict]) -> dict:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(index: int) -> None:
        rng = random.Random(SEED + index)
        mine, bad = [], []
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as http:
            while time.perf_counter() < stop:
                params = rng.choice(mixes)
                started = time.perf_counter()
                try:
                    response = http.get("/api/events", params=params)
                    response.read()
                    if response.status_code != 200:
                        bad.append(f"{response.status_code} {params}: {response.text[:120]}")
                except httpx.HTTPError as exc:
                    bad.append(f"{type(exc).__name__} {params}")
                mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {"requests": len(latencies), "seconds": round(elapsed, 1), "rps": round(len(latencies) / elapsed, 1),
            "median_ms": round(statistics.median(latencies) * 1000, 1), "p95_ms": round(pct(0.95), 1),
            "p99_ms": round(pct(0.99), 1), "errors": len(errors), "error_samples": errors[:5]}


def article_pages(base: str) -> list[str]:
    """A typical article (median number of events) and the one with the most events in a sample."""
    import httpx

    hits = httpx.get(f"{base}/api/events", params={"limit": 200, "sort": "confidence"},
                     timeout=REQUEST_TIMEOUT_S).json()["hits"]
    counts: dict[str, int] = {}
    for e in hits:
        article_id = e["article"]["article_id"]
        counts[article_id] = counts.get(article_id, 0) + 1
    ranked = sorted(counts, key=lambda a: (counts[a], a))
    return list(dict.fromkeys([ranked[len(ranked) // 2], ranked[-1]]))


def browser_figures(base: str, article_ids: list[str]) -> list[dict]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [{"skipped": "playwright is not installed"}]
    if not Path(CHROMIUM).exists():
        return [{"skipped": f"no Chromium at {CHROMIUM}"}]
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for article_id in article_ids:
            paints, weights = [], None
            for _ in range(PAGE_LOADS):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"{base}/articles/{article_id}", wait_until="load")
                # The first paint can come after the load event on a fast load: wait for its entry
                # (polled from here: wait_for_function evaluates a string, which the page's CSP forbids).
                deadline = time.monotonic() + PAINT_TIMEOUT_S
                while time.monotonic() < deadline and not page.evaluate(
                        "() => performance.getEntriesByName('first-contentful-paint').length"):
                    page.wait_for_timeout(50)
                figures = page.evaluate("""() => {
                    const nav = performance.getEntriesByType('navigation')[0];
                    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                    const res = performance.getEntriesByType('resource').map(r => [r.name, r.transferSize, r.decodedBodySize]);
                    return {fcp: fcp ? fcp.startTime : null, html: nav.decodedBodySize, html_wire: nav.transferSize,
                            resources: res, marks: document.querySelectorAll('#article-text .hl').length,
                            chars: document.getElementById('article-text').innerText.length};
                }""")
                paints.append(figures["fcp"])
                weights = figures
                shots = os.environ.get("RASD_SCREENSHOT_DIR")
                if shots and len(paints) == 1:
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(shots) / f"bench-article-{article_id}.png"), full_page=False)
                context.close()
            assets = sum(r[2] for r in weights["resources"])
            out.append({"article": article_id, "chars": weights["chars"], "highlights": weights["marks"],
                        "html_bytes": weights["html"], "css_js_bytes": assets,
                        "total_bytes": weights["html"] + assets,
                        "first_contentful_paint_ms": round(statistics.median(p for p in paints if p is not None), 1)
                        if any(p is not None for p in paints) else None,
                        "loads": PAGE_LOADS})
        browser.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="the store to serve (made from --jsonl or --articles when absent)")
    parser.add_argument("--jsonl", help="rasd contract JSONL to import into --store first")
    parser.add_argument("--articles", type=int, default=2000, help="ANT articles to analyse without --jsonl/--store")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    store = build_store(args)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(store, port)
    try:
        import httpx

        totals = httpx.get(f"{base}/api/stats", timeout=REQUEST_TIMEOUT_S).json()["totals"]
        print(f"store {store}: {json.dumps(totals)}")
        mixes = query_mix(base, random.Random(SEED))
        load(base, min(args.clients, 4), 3.0, mixes)  # warm-up: caches, thread pool
        result = load(base, args.clients, args.seconds, mixes)
        print(f"/api/events with filters, {args.clients} clients for {args.seconds:g} s on loopback "
              f"(one uvicorn process, {os.cpu_count()} cores shared with the clients):")
        print(json.dumps(result, ensure_ascii=False))
        if not args.no_browser:
            for figure in browser_figures(base, article_pages(base)):
                print("article page:", json.dumps(figure, ensure_ascii=False))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""One CLI batch over real and damaged input: nothing lost, counts that add up, throughput.

    python bench/bench_batch.py [--articles 3000] [--mutated 300] [--seed 7] [--keep DIR]

Writes the first --articles ANT articles (../shared) as a mix of plain-text files, HTML pages
and one JSON Lines file, plus --mutated damaged documents made by a seeded mutation of other
ANT articles (one kind after another: truncated, lone surrogates, NUL bytes, random bytes,
empty, binary, legacy encoding, presentation forms, deeply nested HTML, hostile HTML, broken
JSON lines, truncated gzip, English text, a file type rasd does not read, one long line).
Then runs `rasd analyze DIR --out OUT` once, as a user would, and checks from its output and
its stderr that every document is accounted for: documents in = analysed + failed + skipped.
Prints the outcome of each mutation kind (codes seen), the totals and articles per second.
Exits 1 when a document is unaccounted for.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _corpus import ant_records  # noqa: E402

REAL_TEXT_SHARE, REAL_HTML_SHARE = 0.4, 0.3  # the rest of the real articles go into one .jsonl
DEEP_HTML_LEVELS = 400
LONG_LINE_REPEAT = 40  # one article's words repeated on a single line (≈ 60-100 KB)
FAILURE_LINE = re.compile(r"^rasd: (?P<source>.+?): (?P<code>[ES]\d{3}) ")
CODE_IN_LINE = re.compile(r"\b(?P<code>[ESW]\d{3})\b")


def html_page(record: dict) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in record["text"].split("\n") if p.strip())
    return (f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{record['title']}</title></head>"
            f"<body><nav><a href='/'>الرئيسية</a></nav><article><h1>{record['title']}</h1>{paragraphs}"
            f"</article><footer>جميع الحقوق محفوظة</footer></body></html>")


def presentation_forms() -> dict[str, str]:
    """Letter → its isolated presentation form (the inverse of NFKC for one letter)."""
    table = {}
    for code in range(0xFE70, 0xFEFF):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded not in table:
            table[folded] = chr(code)
    return table


# Each mutation: (kind, file name suffix, function(record, rng) -> bytes or a JSONL line str).
def m_truncated(r, rng):
    data = r["text"].encode("utf-8")
    return data[: rng.randrange(len(data) // 4, len(data))]


def m_nul(r, rng):
    text = r["text"]
    i = rng.randrange(len(text))
    return (text[:i] + "\x00" + text[i:]).encode("utf-8")


def m_noise(r, rng):
    return bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randrange(2_000, 40_000)))


def m_empty(r, rng):
    return rng.choice([b"", b"   \n\t  \n"])


def m_binary(r, rng):
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4_000))


def m_cp1256(r, rng):
    return r["text"].encode("cp1256", errors="replace")


def m_presentation(r, rng):
    forms = presentation_forms()
    return "".join(forms.get(ch, ch) for ch in r["text"]).encode("utf-8")


def m_deep_html(r, rng):
    body = "".join(f"<p>{p}</p>" for p in r["text"].split("\n") if p.strip())
    return ("<html><body>" + "<div>" * DEEP_HTML_LEVELS + body + "</div>" * DEEP_HTML_LEVELS
            + "</body></html>").encode("utf-8")


def m_hostile_html(r, rng):
    return (f"<html><body><article><h1>{r['title']}<script>alert(1)</script></h1>"
            f"<p onclick='x()'>{r['text']}<img src=x onerror=alert(2)><p><b><i>غير مغلق"
            ).encode()


def m_gzip_truncated(r, rng):
    data = gzip.compress(r["text"].encode("utf-8"), mtime=0)
    return data[: rng.randrange(20, max(21, len(data) - 10))]


def m_english(r, rng):
    return ("The foreign ministers met in Geneva on Friday to discuss a ceasefire. " * 20).encode("utf-8")


def m_unknown_type(r, rng):
    return r["text"].encode("utf-8")


def m_long_line(r, rng):
    return (" ".join(r["text"].split()) + " ").encode("utf-8") * LONG_LINE_REPEAT


def m_surrogate(r, rng):
    text = r["text"]
    i = rng.randrange(len(text))
    escaped = json.dumps({"id": f"sur-{rng.randrange(10**9)}", "title": r["title"] + "\ud800",
                          "text": text[:i] + "\udc00" + text[i:]}, ensure_ascii=True)
    return escaped


def m_broken_json(r, rng):
    line = json.dumps({"id": f"bad-{rng.randrange(10**9)}", "text": r["text"]}, ensure_ascii=False)
    return line[: rng.randrange(5, len(line) - 2)]


FILE_MUTATIONS = [
    ("truncated", ".txt", m_truncated), ("nul", ".txt", m_nul), ("noise", ".txt", m_noise),
    ("empty", ".txt", m_empty), ("binary", ".txt", m_binary), ("cp1256", ".txt", m_cp1256),
    ("presentation", ".txt", m_presentation), ("deep_html", ".html", m_deep_html),
    ("hostile_html", ".html", m_hostile_html), ("gzip_truncated", ".txt.gz", m_gzip_truncated),
    ("english", ".txt", m_english), ("unknown_type", ".md", m_unknown_type), ("long_line", ".txt", m_long_line),
]
LINE_MUTATIONS = [("surrogate", m_surrogate), ("broken_json", m_broken_json)]


def write_real(folder: Path, records: list[dict]) -> int:
    n_text = int(len(records) * REAL_TEXT_SHARE)
    n_html = int(len(records) * REAL_HTML_SHARE)
    for i, r in enumerate(records[:n_text]):
        (folder / f"real-{i:05d}.txt").write_text(f"{r['title']}\n{r['text']}\n", encoding="utf-8")
    for i, r in enumerate(records[n_text:n_text + n_html]):
        (folder / f"real-{i:05d}.html").write_text(html_page(r), encoding="utf-8")
    with open(folder / "real-records.jsonl", "w", encoding="utf-8") as handle:
        for r in records[n_text + n_html:]:
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(records)


LINE_KINDS: list[str] = []  # kind of each line of mut-lines.jsonl, in order


def write_mutated(folder: Path, records: list[dict], rng: random.Random) -> dict[str, int]:
    """Files named mut-KIND-N.EXT, and one JSONL file whose lines are the line mutations."""
    kinds = [(k, s, f) for k, s, f in FILE_MUTATIONS] + [(k, None, f) for k, f in LINE_MUTATIONS]
    made: Counter[str] = Counter()
    lines = []
    for i, record in enumerate(records):
        kind, suffix, fn = kinds[i % len(kinds)]
        made[kind] += 1
        if suffix is None:
            lines.append(fn(record, rng))
            LINE_KINDS.append(kind)
        else:
            (folder / f"mut-{kind}-{i:04d}{suffix}").write_bytes(fn(record, rng))
    (folder / "mut-lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dict(made)


def kind_of(source: str) -> str:
    name = Path(source.split(":", 1)[0]).name
    line = re.search(r"mut-lines\.jsonl:(\d+)", source)
    if line:
        return LINE_KINDS[int(line.group(1)) - 1]
    match = re.match(r"mut-([a-z_0-9]+)-\d+", name)
    return match.group(1) if match else "real"


def run_batch(folder: Path, out: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "rasd.cli", "analyze", str(folder), "--out", str(out)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return time.perf_counter() - start, done


def summarise(made: dict[str, int], n_real: int, stderr: str, out: Path) -> tuple[int, int, dict]:
    analysed = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if json.loads(line))
    by_kind: dict[str, Counter] = defaultdict(Counter)
    failed = 0
    for line in stderr.splitlines():
        match = FAILURE_LINE.match(line)
        if match:
            failed += 1
            by_kind[kind_of(match.group("source"))][match.group("code")] += 1
    return analysed, failed, by_kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--mutated", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", default=None, help="build the batch in this folder and keep it")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    records = ant_records(args.articles + args.mutated)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="rasd-batch-"))
    folder.mkdir(parents=True, exist_ok=True)
    n_real = write_real(folder, records[: args.articles])
    made = write_mutated(folder, records[args.articles:], rng)
    documents_in = n_real + sum(made.values())
    out = folder.parent / (folder.name + ".out.jsonl")
    seconds, done = run_batch(folder, out)
    analysed, failed, by_kind = summarise(made, n_real, done.stderr, out)
    print(f"documents in: {documents_in} ({n_real} real, {sum(made.values())} mutated); exit status {done.returncode}")
    print(f"{'kind':16} {'made':>5}  outcome (failure codes; the rest analysed)")
    for kind in ["real", *made]:
        codes = by_kind.get(kind, Counter())
        count = n_real if kind == "real" else made[kind]
        print(f"{kind:16} {count:>5}  {dict(codes) or '-'}")
    summary = [line for line in done.stderr.splitlines() if "analysed" in line]
    print(f"rasd's summary: {summary[-1] if summary else '(none)'}")
    skipped = sum(c for codes in by_kind.values() for code, c in codes.items() if code.startswith("S"))
    errors = failed - skipped
    print(f"analysed {analysed} + failed {errors} + skipped {skipped} = {analysed + failed} of {documents_in}")
    print(f"{seconds:.1f} s, {documents_in / seconds:.1f} documents/s, {analysed / seconds:.1f} analysed/s")
    lost = documents_in - analysed - failed
    print("nothing lost" if lost == 0 else f"UNACCOUNTED: {lost}")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

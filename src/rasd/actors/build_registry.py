"""Rebuild `data/actors/petrarch_actors.tsv.gz`: the names of UniversalPetrarch's Arabic
actor dictionary (Open Event Data Alliance, MIT; ../shared/data/universalpetrarch-arabic)
with the countries and sectors its CAMEO codes give them, counted over the entry's dated
codes. Run `python -m rasd.actors.build_registry [DICTIONARY]`.

The step that assigns countries reads it as the packaged registry: a candidate country
for a name the dictionary knows (نوري المالكي → IRQ), weighed by the learned model.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rasd.actors.knowledge import name_key
from rasd.actors.petrarch import parse_dictionary, split_code
from rasd.evaluation.gold import SHARED_DATA

DICTIONARY = SHARED_DATA / "universalpetrarch-arabic" / "dictionaries" / "actor_dict_ar_v4.txt"
OUT = Path(__file__).resolve().parents[1] / "data" / "actors" / "petrarch_actors.tsv.gz"
NONE = "-"


def _cell(counts: Counter[str]) -> str:
    return ",".join(f"{value}:{n}" for value, n in sorted(counts.items()))


def build(path: Path = DICTIONARY) -> dict[str, tuple[Counter[str], Counter[str]]]:
    table: dict[str, tuple[Counter[str], Counter[str]]] = defaultdict(lambda: (Counter(), Counter()))
    with path.open(encoding="utf-8", errors="replace") as lines:
        for entry in parse_dictionary(lines):
            key = name_key(entry.name)
            if not key:
                continue
            countries, sectors = table[key]
            for coded in entry.codes:
                country, sector = split_code(coded.code)
                countries[country or NONE] += 1
                sectors[sector or NONE] += 1
    return dict(table)


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv else DICTIONARY
    table = build(path)
    lines = ["# name key <TAB> country:count,... <TAB> sector:count,...  from UniversalPetrarch's Arabic actor",
             "# dictionary (Open Event Data Alliance, MIT); rebuild with python -m rasd.actors.build_registry"]
    lines += [f"{key}\t{_cell(c)}\t{_cell(s)}" for key, (c, s) in sorted(table.items())]
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"{len(table)} names written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])

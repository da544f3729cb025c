"""Read PETRARCH/CAMEO actor dictionaries (UniversalPetrarch format).

An entry is a name line (words joined with `_`, a trailing `_` on multiword names),
optionally followed on the same line by `[CODE]`, or by indented lines
`[CODE YYYYMMDD-YYYYMMDD]`, `[CODE >YYYYMMDD]` (from), `[CODE <YYYYMMDD]` (until). A
range whose end is before its start (`-18000101`) is open-ended. `#` starts a comment.
A CAMEO code is a country (or IGO) followed by sector codes: IRQGOV, PSECVLELI, IGO.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rasd.actors.knowledge import Knowledge, knowledge, name_key
from rasd.store.registry import ActorRegistry, RoleRecord

CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
DATE = re.compile(r"^\d{8}$")
CODE_UNIT = 3
# CAMEO's first three letters that are not a country but an international/transnational type.
NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC", "UNO"})
SECTORS = frozenset({"GOV", "MIL", "REB", "OPP", "IGO", "MED", "LEG", "JUD", "PTY", "CVL", "BUS", "REL",
                     "COP", "SPY", "EDU", "LAB", "AGR", "HLH", "REF", "ELI", "NGO", "ENV", "CRM", "UAF"})
ACTOR_SECTORS = SECTORS - {"ELI"}  # ELI = elite: a former office holder, no sector of its own


@dataclass(frozen=True, slots=True)
class CodedRange:
    code: str
    valid_from: str | None  # ISO date or None
    valid_to: str | None


@dataclass(slots=True)
class DictionaryEntry:
    name: str
    codes: list[CodedRange] = field(default_factory=list)


def _iso(day: str) -> str | None:
    return f"{day[:4]}-{day[4:6]}-{day[6:]}" if DATE.match(day) else None


def parse_code(block: str) -> CodedRange | None:
    """`IRQGOV 20101221-20140908`, `SAUGOV > 20130101`, `IGO` → a CodedRange."""
    parts = block.replace(">", " > ").replace("<", " < ").split()
    if not parts or not parts[0].isalpha():
        return None
    code, rest = parts[0].upper(), parts[1:]
    if len(rest) == 2 and rest[0] == ">":
        return CodedRange(code, _iso(rest[1]), None)
    if len(rest) == 2 and rest[0] == "<":
        return CodedRange(code, None, _iso(rest[1]))
    if len(rest) == 1 and "-" in rest[0]:
        start, _, end = rest[0].partition("-")
        begin, finish = _iso(start), _iso(end)
        if begin and finish and finish < begin:
            finish = None  # PETRARCH writes an open end as an early date
        return CodedRange(code, begin, finish)
    return CodedRange(code, None, None)


def split_code(code: str) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO actor code: PSECVLELI → (PSE, CVL); IGO → (None, IGO)."""
    units = [code[i : i + CODE_UNIT] for i in range(0, len(code) - CODE_UNIT + 1, CODE_UNIT)]
    if not units:
        return None, None
    country = None if units[0] in SECTORS or units[0] in NON_STATE else units[0]
    rest = units[1:] if country else units
    sector = next((u for u in rest if u in ACTOR_SECTORS), None)
    if sector is None and units[0] == "IGO":
        sector = "IGO"
    return country, sector


def parse_dictionary(lines: Iterable[str]) -> Iterator[DictionaryEntry]:
    entry: DictionaryEntry | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indented = line[0] in " \t" and line.strip().startswith("[")
        if not indented:
            if entry is not None and entry.codes:
                yield entry
            entry = DictionaryEntry(_name(line))
        if entry is not None:
            entry.codes.extend(c for c in (parse_code(b) for b in CODE_BLOCK.findall(line)) if c)
    if entry is not None and entry.codes:
        yield entry


def _name(line: str) -> str:
    head = line.split("[", 1)[0]
    return " ".join(head.replace("_", " ").replace("+", " ").split())


def entry_kind(name: str, kb: Knowledge) -> str:
    """person, unless the name is a known body or place or starts with a body word."""
    key = name_key(name)
    words = key.split()
    if not words:
        return "other"
    if key in kb.organizations or key in kb.countries or key in kb.places or key in kb.capitals:
        return "organization"
    if words[0] in kb.institutions or words[0] in kb.body_types or len(words) == 1 and key in kb.nisbas:
        return "organization"
    return "person"


def import_entries(entries: Iterable[DictionaryEntry], registry: ActorRegistry, source: str) -> int:
    """Add dictionary entries to the registry: one actor per name, one dated role per code.
    Returns the number of roles read."""
    kb = knowledge()
    added = 0
    for entry in entries:
        key = name_key(entry.name)
        if not key:
            continue
        actor = registry.add_actor(key, entry.name, entry_kind(entry.name, kb))
        for coded in entry.codes:
            country, sector = split_code(coded.code)
            registry.add_role(actor, RoleRecord(country, sector, code=coded.code, valid_from=coded.valid_from,
                                                valid_to=coded.valid_to, source=source))
            added += 1
    registry.commit()
    return added

"""The corpus-level actor registry: one SQLite file that outlives a run.

It remembers actors by name (the same person gets the same id in every article), the
roles they held with the dates those roles were true, and the evidence for each role: the
article id and character span that stated it, or the dictionary it was imported from.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rasd.errors import Code, RasdError

SCHEMA = """
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, ids TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, actor TEXT NOT NULL REFERENCES actors(id), PRIMARY KEY (key, actor));
CREATE TABLE IF NOT EXISTS roles (
    actor TEXT NOT NULL REFERENCES actors(id), country TEXT, sector TEXT, role TEXT, code TEXT,
    valid_from TEXT, valid_to TEXT, source TEXT NOT NULL, article TEXT, start INTEGER, "end" INTEGER);
CREATE INDEX IF NOT EXISTS roles_actor ON roles(actor);
"""
ID_PREFIX = "r"
ID_HEX_CHARS = 12
# Open date bounds compare as the earliest and latest possible ISO dates.
EARLIEST, LATEST = "0000-00-00", "9999-99-99"
ISO_DATE_CHARS = 10


@dataclass(frozen=True, slots=True)
class RegistryActor:
    id: str
    name: str
    kind: str
    ids: dict[str, str]


@dataclass(frozen=True, slots=True)
class RoleRecord:
    """A role an actor held from `valid_from` to `valid_to` (ISO dates, None = open), and
    where that is stated: an article span, or an imported dictionary (`source`)."""

    country: str | None
    sector: str | None
    role: str | None = None
    code: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    source: str = "article"
    article: str | None = None
    start: int | None = None
    end: int | None = None


def registry_id(key: str, kind: str) -> str:
    """Stable id of a registry actor, from its name key and kind."""
    digest = hashlib.sha1(f"{kind}|{key}".encode()).hexdigest()
    return ID_PREFIX + digest[:ID_HEX_CHARS]


class ActorRegistry:
    """Actors, names and dated roles in one SQLite file."""

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise RasdError(Code.E016_REGISTRY, f"{self.path}: {exc}") from exc

    def __enter__(self) -> ActorRegistry:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    def find(self, key: str, kind: str | None = None) -> list[RegistryActor]:
        rows = self.db.execute(
            "SELECT a.id, a.name, a.kind, a.ids FROM names n JOIN actors a ON a.id = n.actor "
            "WHERE n.key = ? ORDER BY a.id", (key,)).fetchall()
        return [RegistryActor(r[0], r[1], r[2], json.loads(r[3])) for r in rows if kind is None or r[2] == kind]

    def add_actor(self, key: str, name: str, kind: str, ids: dict[str, str] | None = None) -> str:
        """The id of the actor with this name key and kind, created if new."""
        actor_id = registry_id(key, kind)
        self.db.execute("INSERT OR IGNORE INTO actors (id, name, kind, ids) VALUES (?, ?, ?, ?)",
                        (actor_id, name, kind, json.dumps(ids or {}, ensure_ascii=False)))
        self.add_name(actor_id, key)
        return actor_id

    def add_name(self, actor_id: str, key: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO names (key, actor) VALUES (?, ?)", (key, actor_id))

    def add_role(self, actor_id: str, role: RoleRecord) -> None:
        if self._has_role(actor_id, role):
            return
        self.db.execute(
            'INSERT INTO roles (actor, country, sector, role, code, valid_from, valid_to, source, article, start, "end") '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (actor_id, role.country, role.sector, role.role, role.code, role.valid_from, role.valid_to,
             role.source, role.article, role.start, role.end))

    def _has_role(self, actor_id: str, role: RoleRecord) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM roles WHERE actor = ? AND country IS ? AND sector IS ? AND role IS ? AND code IS ? "
            "AND valid_from IS ? AND valid_to IS ? AND source = ? AND article IS ? AND start IS ?",
            (actor_id, role.country, role.sector, role.role, role.code, role.valid_from, role.valid_to,
             role.source, role.article, role.start)).fetchone()
        return row is not None

    def roles(self, actor_id: str) -> list[RoleRecord]:
        rows = self.db.execute(
            'SELECT country, sector, role, code, valid_from, valid_to, source, article, start, "end" '
            "FROM roles WHERE actor = ? ORDER BY rowid", (actor_id,)).fetchall()
        return [RoleRecord(*r) for r in rows]

    def role_at(self, actor_id: str, date: str | None) -> RoleRecord | None:
        """The role true at `date` (ISO; None = the latest known): the one that began last,
        a bounded range before an open one, an article's word before a dictionary's."""
        day = date[:ISO_DATE_CHARS] if date else None
        roles = self.roles(actor_id)
        valid = [r for r in roles if day is None or _covers(r, day)]
        if not valid:
            return _last_stated(roles, day)
        return max(valid, key=lambda r: (r.valid_from or EARLIEST, r.valid_to is not None, r.source == "article"))

    def counts(self) -> dict[str, int]:
        return {table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("actors", "names", "roles")}


def _last_stated(roles: list[RoleRecord], day: str | None) -> RoleRecord | None:
    """An article stated the role on its own date only; until another is known, the last one
    stated before `day` stands."""
    before = [r for r in roles if r.source == "article" and day and (r.valid_to or LATEST) <= day]
    return max(before, key=lambda r: r.valid_to or EARLIEST) if before else None


def _covers(role: RoleRecord, day: str) -> bool:
    return (role.valid_from or EARLIEST) <= day <= (role.valid_to or LATEST)

"""Actor ids and CAMEO codes."""

from __future__ import annotations

import hashlib

from rasd.actors.knowledge import name_key
from rasd.actors.resolve import Candidate
from rasd.model import Actor

ID_PREFIX = "a"
ID_HEX_CHARS = 12
IGO = "IGO"


def actor_id(cand: Candidate) -> str:
    """Stable id: a person by kind and name; other actors also by country and sector, so the
    police of two countries stay apart."""
    parts = [cand.kind, name_key(cand.name)]
    if cand.kind != "person":
        parts += [cand.country or "", cand.sector or ""]
    return ID_PREFIX + hashlib.sha1("|".join(parts).encode()).hexdigest()[:ID_HEX_CHARS]


def cameo_code(cand: Candidate) -> str | None:
    """The CAMEO actor code a country and sector spell (USA + MIL → USAMIL), unless the
    knowledge files gave one."""
    if "cameo" in cand.ids:
        return cand.ids["cameo"]
    if cand.country:
        return cand.country + (cand.sector or "")
    return cand.sector if cand.sector == IGO else None


def to_actor(cand: Candidate, ident: str) -> Actor:
    ids = dict(cand.ids)
    code = cameo_code(cand)
    if code:
        ids["cameo"] = code
    return Actor(ident, cand.name, cand.kind, cand.country, cand.sector, cand.role, ids)

"""The actor step: entities to coded actors (kind, canonical Arabic name, country, sector,
role, CAMEO code), with in-document coreference and an optional corpus registry.

Public API for later steps:
- `rasd.actors.phrase.resolve_phrase(article, start, end)` (also importable from
  `rasd.actors.stage`): the actor a span names (an
  anonymous source, a body), added to `article.actors` when new;
- `rasd.actors.roles.nisba_mentions` / `nisba_runs`: country adjectives, and runs of two or
  more (مشاورات روسية أميركية) that name the parties of a bilateral event;
- `rasd.actors.knowledge.knowledge()` and `name_key()`: the knowledge base and its key.
"""

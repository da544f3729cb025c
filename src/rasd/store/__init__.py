"""Persistence: the files rasd keeps across runs (the actor registry, and later a store of
analysed articles)."""

from rasd.store.registry import ActorRegistry, RegistryActor, RoleRecord, registry_id

__all__ = ["ActorRegistry", "RegistryActor", "RoleRecord", "registry_id"]

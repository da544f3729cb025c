"""Named pipeline stages. A stage is a small callable registered by name; it declares the
article attributes it needs and the ones it adds, so a pipeline can be checked before it runs
and a stage can be swapped for another with the same contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rasd.errors import Code, RasdError
from rasd.model import Article
from rasd.settings import Settings

StageFn = Callable[[Article, Settings], None]

DEFAULT_STAGES = ("language", "sentences", "tokens", "entities", "actors", "quotes", "events")


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    factory: Callable[[Settings], StageFn]


_REGISTRY: dict[str, Stage] = {}


def register(name: str, *, needs: Iterable[str] = (), adds: Iterable[str] = ()):
    """Register a stage factory: `factory(settings) -> fn(article, settings)`."""

    def wrap(factory: Callable[[Settings], StageFn]):
        _REGISTRY[name] = Stage(name, tuple(needs), tuple(adds), factory)
        return factory

    return wrap


def registered() -> dict[str, Stage]:
    _load_builtin_stages()
    return dict(_REGISTRY)


def _load_builtin_stages() -> None:
    # Importing the modules runs their @register decorators.
    import rasd.stages  # noqa: F401


class Pipeline:
    """An ordered list of stages, checked at construction."""

    def __init__(self, stages: Iterable[str] | None = None, settings: Settings | None = None):
        self.settings = settings or Settings()
        available = registered()
        names = tuple(stages) if stages is not None else self.settings.stages
        if names is None:
            names = tuple(n for n in DEFAULT_STAGES if n in available)
        unknown = [n for n in names if n not in available]
        if unknown:
            raise RasdError(Code.E010_UNKNOWN_STAGE, ", ".join(unknown))
        self.stages = [available[n] for n in names]
        self._check_order()
        self._fns = [(s.name, s.factory(self.settings)) for s in self.stages]

    def _check_order(self) -> None:
        have = {"text", "meta"}
        for stage in self.stages:
            missing = [n for n in stage.needs if n not in have]
            if missing:
                raise RasdError(Code.E011_STAGE_ORDER, f"{stage.name} needs {', '.join(missing)}")
            have.update(stage.adds)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article) -> Article:
        for name, fn in self._fns:
            fn(article, self.settings)
            article.done.add(name)
        return article

"""Named pipeline stages. A stage is a small callable registered by name; it declares the
article attributes it needs and the ones it adds, so a pipeline can be checked before it runs
and a stage can be swapped for another with the same contract.

Each document runs under the time budget of its settings (`Settings.time_budget_s`): past it
the document fails with E020 instead of stalling the batch. Where the platform allows
(POSIX, main thread) a SIGALRM timer interrupts the stage that overruns; elsewhere the
deadline is checked between stages and by long stages themselves (`check_deadline`).
"""

from __future__ import annotations

import signal
import threading
import time
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
        with TimeBudget(self.settings.time_budget_s, article.meta.source or article.meta.id or None):
            for name, fn in self._fns:
                check_deadline()
                fn(article, self.settings)
                article.done.add(name)
        return article


_LOCAL = threading.local()  # the deadline of the document analysed on this thread


def check_deadline() -> None:
    """Raise E020 when the document being analysed is past its time budget. Cheap: stages
    call it in their per-sentence loops, which is what stops a document promptly where no
    alarm signal can (a thread other than the main one, Windows)."""
    budget = getattr(_LOCAL, "budget", None)
    if budget is not None and time.monotonic() > budget.deadline:
        raise budget.error()


class TimeBudget:
    """The time one document may take, as a context manager. The outermost budget on a
    thread owns the deadline (a pipeline run inside another keeps the outer, earlier one)."""

    def __init__(self, seconds: float, source: str | None = None):
        self.seconds, self.source = seconds, source
        self.deadline = time.monotonic() + seconds
        self._outer: TimeBudget | None = None
        self._old_handler = None
        self._alarm = False

    def error(self) -> RasdError:
        return RasdError(Code.E020_TIME_BUDGET, f"over {self.seconds:g} s", self.source)

    def __enter__(self) -> TimeBudget:
        self._outer = getattr(_LOCAL, "budget", None)
        if self._outer is not None:
            self.deadline = min(self.deadline, self._outer.deadline)
        else:
            self._alarm = self._start_alarm()
        _LOCAL.budget = self
        return self

    def __exit__(self, *exc) -> None:
        if self._alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            # None: a handler set outside Python, which cannot be put back; the default is.
            signal.signal(signal.SIGALRM, self._old_handler if self._old_handler is not None else signal.SIG_DFL)
        _LOCAL.budget = self._outer

    def _start_alarm(self) -> bool:
        """Arm SIGALRM for the deadline, unless the platform lacks it, this is not the main
        thread, or someone else's timer is already running (theirs is left alone)."""
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return False
        if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
            return False

        def on_alarm(signum, frame):
            raise self.error()

        self._old_handler = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return True

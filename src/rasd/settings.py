"""All tunable settings in one object, passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.errors import Code, RasdError
from rasd.text.sentences import MAX_SENTENCE_CHARS

# Per document. Real articles are well under 100 KB (the longest of the 31,525 ANT articles
# has 38 KB); a bigger "article" is a dump or a mistake. Every stage is linear in the tokens
# (bench/bench_scaling.py): 5 MB of Arabic (2.8 M characters, 526,000 tokens) took 89-98 s on
# one shared core, so 8 MB (~160 s) finishes inside the default time budget below, where the
# old 16 MB (~300 s and ~2.5 GB resident, by the same growth) did not.
# JSON Lines and WARC files are streamed: the limit applies to each record, not the file.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
# Seconds one document may take through the pipeline before it fails with E020 and the batch
# goes on; a normal article takes ~25 ms (bench/bench_pipeline.py), a 5 MB one ~95 s.
DEFAULT_TIME_BUDGET_S = 300.0
# Languages the detector chooses among: the ones that show up in Arabic news feeds.
DEFAULT_LANGUAGES = ("ar", "en", "fr", "fa", "ur", "tr", "he", "es", "de", "ru")


@dataclass(frozen=True, slots=True)
class Settings:
    # None: every registered stage, in pipeline order (rasd.pipeline.DEFAULT_STAGES).
    stages: tuple[str, ...] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    time_budget_s: float = DEFAULT_TIME_BUDGET_S
    # Longer "sentences" are cut at a comma or space (W109); see rasd.text.sentences.
    max_sentence_chars: int = MAX_SENTENCE_CHARS
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    # Below this share of Arabic letters among all letters the text is flagged non-Arabic.
    min_arabic_ratio: float = 0.5
    # Characters of text the language detector looks at; enough for a stable verdict.
    language_sample_chars: int = 2000
    legacy_encodings: tuple[str, ...] = ("cp1256", "iso-8859-6")
    html_favor: str = "precision"  # trafilatura: "precision" | "recall" | "balanced"
    registry_path: str | None = None
    ner_model: str | None = None  # a CRF model file; None: the one shipped in the package
    events_model_dir: str | None = None  # a folder of `rasd train events` models; None: the shipped ones
    # rasd analyze --store: articles written per transaction (a crash loses at most one batch's
    # work; bigger batches load faster). Seconds a store waits for another process's lock (E022).
    store_batch_size: int = 200
    store_lock_wait_s: float = 5.0
    # Articles grouped by story (rasd.store.dedup.article_groups) mix sentence embeddings into
    # the title+lead similarity where the optional `embed` extra is installed; False: n-grams only.
    story_embeddings: bool = True

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise RasdError(Code.E012_BAD_SETTING, f"max_bytes must be positive, got {self.max_bytes}")
        if not self.time_budget_s > 0 or self.time_budget_s == float("inf"):
            raise RasdError(Code.E012_BAD_SETTING, f"time_budget_s must be a positive number of seconds, got {self.time_budget_s}")
        if self.max_sentence_chars <= 0:
            raise RasdError(Code.E012_BAD_SETTING, f"max_sentence_chars must be positive, got {self.max_sentence_chars}")
        if not 0.0 <= self.min_arabic_ratio <= 1.0:
            raise RasdError(Code.E012_BAD_SETTING, f"min_arabic_ratio must be in [0, 1], got {self.min_arabic_ratio}")
        if self.html_favor not in ("precision", "recall", "balanced"):
            raise RasdError(Code.E012_BAD_SETTING, f"html_favor must be precision/recall/balanced, got {self.html_favor}")
        if not self.languages:
            raise RasdError(Code.E012_BAD_SETTING, "languages must not be empty")
        if self.store_batch_size <= 0:
            raise RasdError(Code.E012_BAD_SETTING, f"store_batch_size must be positive, got {self.store_batch_size}")
        if not 0 <= self.store_lock_wait_s < float("inf"):
            raise RasdError(Code.E012_BAD_SETTING, f"store_lock_wait_s must be >= 0 seconds, got {self.store_lock_wait_s}")

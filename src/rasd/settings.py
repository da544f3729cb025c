"""All tunable settings in one object, passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.errors import Code, RasdError

# Per document. Real articles are well under 1 MB; a 50 MB "article" is a dump or a
# mistake, and analysing it would hold millions of tokens in memory, so it is refused (E004).
# JSON Lines and WARC files are streamed: the limit applies to each record, not the file.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
# Languages the detector chooses among: the ones that show up in Arabic news feeds.
DEFAULT_LANGUAGES = ("ar", "en", "fr", "fa", "ur", "tr", "he", "es", "de", "ru")


@dataclass(frozen=True, slots=True)
class Settings:
    # None: every registered stage, in pipeline order (rasd.pipeline.DEFAULT_STAGES).
    stages: tuple[str, ...] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    # Below this share of Arabic letters among all letters the text is flagged non-Arabic.
    min_arabic_ratio: float = 0.5
    # Characters of text the language detector looks at; enough for a stable verdict.
    language_sample_chars: int = 2000
    legacy_encodings: tuple[str, ...] = ("cp1256", "iso-8859-6")
    html_favor: str = "precision"  # trafilatura: "precision" | "recall" | "balanced"
    registry_path: str | None = None
    ner_model: str | None = None  # a CRF model file; None: the one shipped in the package

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise RasdError(Code.E012_BAD_SETTING, f"max_bytes must be positive, got {self.max_bytes}")
        if not 0.0 <= self.min_arabic_ratio <= 1.0:
            raise RasdError(Code.E012_BAD_SETTING, f"min_arabic_ratio must be in [0, 1], got {self.min_arabic_ratio}")
        if self.html_favor not in ("precision", "recall", "balanced"):
            raise RasdError(Code.E012_BAD_SETTING, f"html_favor must be precision/recall/balanced, got {self.html_favor}")
        if not self.languages:
            raise RasdError(Code.E012_BAD_SETTING, "languages must not be empty")

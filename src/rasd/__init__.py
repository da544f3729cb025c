"""rasd: Arabic news to evidence-linked event data."""

from rasd.errors import Code, RasdError
from rasd.model import Article
from rasd.settings import Settings

__version__ = "0.1.0"

__all__ = ["Article", "Code", "RasdError", "Settings", "analyze", "__version__"]


def analyze(text_or_record, settings: Settings | None = None) -> Article:
    """Analyse one article given as text (as scraped) or a record dict (JSONL fields)."""
    from rasd.api import analyze as _analyze

    return _analyze(text_or_record, settings)

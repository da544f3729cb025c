"""The built-in pipeline stages. Importing this module registers them by name."""

from __future__ import annotations

from rasd.errors import Code
from rasd.model import Article
from rasd.pipeline import register
from rasd.settings import Settings
from rasd.text.language import detect_language
from rasd.text.normalize import fold_presentation_forms
from rasd.text.sentences import bounded_sentences
from rasd.text.tokens import tokenize


def fold_article(article: Article) -> None:
    """Presentation forms folded to letters before anything reads the text; the text as
    ingested and the offset map are kept on the article."""
    folded = fold_presentation_forms(article.text)
    if folded.text == article.text:
        return
    article.ingested_text, article.ingested_offsets = article.text, folded.offsets
    article.text = folded.text
    if article.meta.title:
        article.meta.title = fold_presentation_forms(article.meta.title).text


@register("language", adds=("language",))
def language_stage(settings: Settings):
    def run(article: Article, settings: Settings) -> None:
        fold_article(article)
        guess = detect_language(article.text, settings)
        article.language = guess.code
        if guess.code != "ar":
            article.warn(Code.W101_NOT_ARABIC,
                         f"detected language {guess.code!r}, Arabic letters {guess.arabic_ratio:.0%}")
        elif guess.arabic_ratio < settings.min_arabic_ratio:
            article.warn(Code.W106_MIXED_LANGUAGE, f"Arabic letters only {guess.arabic_ratio:.0%}")

    return run


@register("sentences", adds=("sentences",))
def sentences_stage(settings: Settings):
    def run(article: Article, settings: Settings) -> None:
        article.sentences, cut = bounded_sentences(article.text, settings.max_sentence_chars)
        if cut:
            article.warn(Code.W109_LONG_SENTENCE, f"{cut} sentence(s) longer than {settings.max_sentence_chars} "
                                                   "characters cut at a comma or space")

    return run


@register("tokens", needs=("sentences",), adds=("tokens",))
def tokens_stage(settings: Settings):
    def run(article: Article, settings: Settings) -> None:
        article.tokens = tokenize(article.text)

    return run


def _optional_stages() -> None:
    """Stages of later pipeline steps register themselves when their modules exist."""
    import importlib

    for module in ("rasd.entities.stage", "rasd.actors.stage", "rasd.quotes.stage", "rasd.events.stage"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module and not module.startswith(str(exc.name)):
                raise


_optional_stages()

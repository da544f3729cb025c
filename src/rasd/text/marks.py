"""Quotation marks and brackets as the text layer knows them: the mark that closes each."""

from __future__ import annotations

QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"'}
# Quotation marks and round brackets: what may wrap a name (حركة «كفاية», جماعة (فوت ليف)).
WRAPPING_PAIRS = {**QUOTE_PAIRS, "(": ")"}

__all__ = ["QUOTE_PAIRS", "WRAPPING_PAIRS"]

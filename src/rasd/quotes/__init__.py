"""Quotations: who said what (content, cue, speaker) and according to whom (the via chain)."""

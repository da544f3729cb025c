"""PLOVER event coding: who did what to whom, with mode, place, date and evidence."""

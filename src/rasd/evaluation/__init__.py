"""Measuring pipeline steps against hand-annotated gold files (read from ../shared at run time)."""

"""Subcommands of later pipeline steps: a module NAME here with `register(commands,
eval_targets)` adds its parsers to `rasd` (see rasd.cli.COMMAND_MODULES).

What every command shares lives here, and stays light: `rasd --help` imports this package
and every command module, so nothing heavy (numpy, crfsuite, trafilatura, lingua, the
pipeline) may be imported at module level here or in the command modules — import it inside
the handler.
"""

from __future__ import annotations

from pathlib import Path

from rasd.errors import Code, RasdError

# Where the project's read-only data lies in a checkout: ../shared beside it.
SHARED_HINT = "../shared, the project's read-only data, beside the checkout"
BIDI_CHOICES = ("isolate", "visual", "off")  # = rasd.render.BIDI_MODES, without importing it


class MissingData(RasdError):
    """Data a command needs is not there: a usage problem (exit 2), never a silent skip."""


def require_data(path: str | Path, what: str = "the evaluation data") -> None:
    """Nothing if `path` exists; else raise MissingData saying what is missing and where it was expected.

    Every `rasd eval ...` and `rasd train ...` calls it on each file or folder it reads
    before it starts, so a machine without ../shared gets one clear line and exit status 2
    (rasd.cli.main), instead of a traceback or a run that measured nothing.
    """
    path = Path(path)
    if not path.exists():
        # The path is the message's prefix (source); the detail says what it should have been.
        raise MissingData(Code.E008_NOT_FOUND, f"{what} was expected there; it comes with {SHARED_HINT}",
                          source=str(path))


def add_table_options(parser) -> None:
    """--bidi (and the older --no-bidi) for every command that prints a table."""
    parser.add_argument("--bidi", choices=BIDI_CHOICES, default=None,
                        help="table: isolate (default; logical order, each Arabic cell in bidi "
                             "isolates, for bidi-aware terminals and files), visual (reordered for a "
                             "terminal without bidi; only when writing to a terminal), off. "
                             "Default from RASD_BIDI")
    parser.add_argument("--no-bidi", dest="bidi", action="store_const", const="off",
                        help="table: the same as --bidi off")


def table_style(args, stream) -> tuple[str, int]:
    """(bidi mode, row width) for a table written to `stream`."""
    from rasd.render import resolve_bidi, terminal_width

    return resolve_bidi(getattr(args, "bidi", None), stream), terminal_width(stream)

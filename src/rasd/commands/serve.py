"""`rasd serve [--store F] [--host 127.0.0.1] [--port 8000]`: the HTTP API and web app
(rasd.serve) over a store, read-only. Loopback only unless --allow-remote is given."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_USAGE = 0, 2
LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
INSTALL_HINT = "rasd serve needs the serve extra: pip install 'rasd[serve]' (fastapi, uvicorn, jinja2)"


def register(commands, eval_targets) -> None:
    p = commands.add_parser("serve", help="serve the JSON API and the Arabic web app over a store (read-only)")
    p.add_argument("--store", default="rasd.duckdb", help="the store file (made by rasd analyze --store / rasd store import)")
    p.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: loopback)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--allow-remote", action="store_true",
                   help="allow binding an address other than loopback (the app has no authentication)")
    p.add_argument("--max-bytes", type=int, default=None, help="largest article POST /api/analyze accepts")
    p.set_defaults(handler=cmd_serve)


def missing_extra() -> str | None:
    """The first module of the serve extra that is not installed, or None."""
    import importlib.util

    return next((m for m in ("fastapi", "uvicorn", "jinja2") if importlib.util.find_spec(m) is None), None)


def cmd_serve(args) -> int:
    from pathlib import Path

    missing = missing_extra()
    if missing:
        print(f"rasd: {INSTALL_HINT}; {missing} is missing", file=sys.stderr)
        return EXIT_USAGE
    if args.host not in LOOPBACK and not args.allow_remote:
        print(f"rasd: --host {args.host} is not loopback; add --allow-remote to serve other machines", file=sys.stderr)
        return EXIT_USAGE
    if not 0 < args.port < 65536:
        print(f"rasd: --port must be 1-65535, got {args.port}", file=sys.stderr)
        return EXIT_USAGE
    if not Path(args.store).is_file():
        print(f"rasd: {args.store}: E008 the path does not exist (make a store with rasd analyze --store "
              "or rasd store import)", file=sys.stderr)
        return EXIT_USAGE
    if args.host not in LOOPBACK:
        print(f"rasd: warning: serving {args.host}:{args.port} beyond this machine, without authentication",
              file=sys.stderr)
    import uvicorn

    from rasd.serve.app import create_app
    from rasd.settings import Settings

    settings = Settings(max_bytes=args.max_bytes) if args.max_bytes is not None else Settings()
    app = create_app(args.store, settings)
    print(f"rasd: serving {args.store} on http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK

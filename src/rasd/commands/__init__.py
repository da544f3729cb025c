"""Subcommands of later pipeline steps: a module NAME here with `register(commands,
eval_targets)` adds its parsers to `rasd` (see rasd.cli.COMMAND_MODULES)."""

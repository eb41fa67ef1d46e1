"""Shared CLI plumbing: the folder options every command takes, and error handling that
turns any failure into one clear line and an exit code (never a traceback)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kiosk.config import Settings
from kiosk.core.errors import KioskError, PolicyError
from kiosk.core.text import shows_as_itself

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def folder_options(func: F) -> F:
    """Add --policies/--letters/--store (and KIOSK_* variables) to a command. A value
    given on the subcommand wins over one given on ``kiosk`` itself."""
    options = [
        click.option("--policies", "policies", type=click.Path(path_type=Path),
                     envvar="KIOSK_POLICIES", help="Policy folder (KIOSK_POLICIES)."),
        click.option("--letters", "letters", type=click.Path(path_type=Path),
                     envvar="KIOSK_LETTERS", help="Letter templates folder (KIOSK_LETTERS)."),
        click.option("--store", "store", type=click.Path(path_type=Path),
                     envvar="KIOSK_STORE", help="Store folder (KIOSK_STORE)."),
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, policies: Path | None, letters: Path | None, store: Path | None,
                **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        parent: Settings | None = ctx.find_object(Settings)
        settings = Settings.resolve(
            policies or (parent.policies if parent else None),
            letters or (parent.letters if parent else None),
            store or (parent.store if parent else None),
            parent.terminal if parent else None,
        )
        return func(*args, settings=settings, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def fail(message: str, code: int = EXIT_FAIL) -> None:
    """Print one line to stderr and exit."""
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def report_errors(func: F) -> F:
    """Turn typed errors into clean exits."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PolicyError as exc:
            for line in exc.lines():
                click.echo(safe_text(line, 600), err=True)
            raise SystemExit(EXIT_FAIL) from None
        except KioskError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except (BrokenPipeError, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return None

    return wrapper  # type: ignore[return-value]


def safe_text(value: str, limit: int = 200) -> str:
    """Guest or file text made inert for a terminal: no escape sequences, one line."""
    cleaned = "".join(
        ch if shows_as_itself(ch) else (f"\\x{ord(ch):02x}" if ord(ch) < 256 else "?")
        for ch in value.replace("\n", " ")
    )
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def stdin_is_tty() -> bool:
    return sys.stdin.isatty()

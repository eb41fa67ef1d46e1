"""The Jinja environment letter templates run in: sandboxed, strict, and bounded.

A supervisor edits the templates in a text editor, so a template is treated as code
from outside. It runs in Jinja's immutable sandbox with these extra fences:

- no attribute access at all except on the plain dicts of the letter view (``guest.name``
  reads the key), on ``loop`` and on ``namespace()`` objects: no ``__class__`` walks, no
  ``str.format`` tricks, no methods;
- a short list of filters (no ``attr``, ``format``, ``center``, ``indent``,
  ``wordwrap``, ``replace``, ``safe``…) and globals (no ``lipsum``);
- ``StrictUndefined``: a missing variable is an error, never a blank in a letter;
- every string or list a template builds (``*``, ``+``, ``~``, joins, captured blocks,
  the whole output) is capped at ``Limits.max_chars``, checked *before* allocating where
  the size is known in advance;
- a render-time budget: a render that runs past ``Limits.seconds`` (nested loops,
  exponential macros, include loops) is stopped inside the template (``overtime``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateError, TemplateNotFound, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

from kiosk.core.errors import LetterError
from kiosk.core.i18n import _
from kiosk.core.plain import Value
from kiosk.letters import overtime
from kiosk.letters.folder import OutsideFolder, read_inside
from kiosk.letters.inert import MarkdownSafe, md_inline, md_quote, visible


class Limits(Value):
    max_chars: int = 200_000  # a letter is a page or two; this is a hundred pages
    seconds: float = 2.0  # a letter renders in milliseconds
    max_range: int = 10_000
    max_int_bits: int = 256


class RenderLimit(LetterError):
    """A template went past a size or time limit."""


_SAFE_FILTERS = (
    "capitalize", "count", "d", "default", "e", "escape", "first", "int", "last",
    "length", "list", "lower", "reverse", "round", "title", "trim", "truncate", "upper",
    "wordcount",
)
_SAFE_ATTRIBUTE_OWNERS = (LoopContext, Namespace, Cycler, Joiner)
_SCALARS = (str, int, Decimal, float)


class FolderLoader(BaseLoader):
    """Templates from one folder only: ``..`` is refused by Jinja, and a symbolic link
    (to a file or to a folder on the way) that leads outside by ``read_inside``."""

    def __init__(self, folder: Path):
        self.folder = folder.resolve()

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        try:
            data = read_inside(self.folder, path, template)
        except OutsideFolder as exc:
            raise SecurityError(str(exc)) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise LetterError(_("{template}: not UTF-8 text").format(template=template)) from None
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return text, str(path), uptodate


class _CappedCodeGenerator(CodeGenerator):
    """Routes ``a ~ b`` through the environment so the result is size-checked."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.capped(")
        super().visit_Concat(node, frame)
        self.write(")")


class LetterEnvironment(ImmutableSandboxedEnvironment):
    code_generator_class = _CappedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/"})

    def __init__(self, folder: Path, *, html: bool, limits: Limits | None = None):
        super().__init__(
            loader=FolderLoader(folder),
            undefined=StrictUndefined,
            autoescape=html,
            finalize=self._finalize_html if html else self._finalize_markdown,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=True,
        )
        self.limits = limits or Limits()
        self.concat = self._concat  # type: ignore[method-assign]
        kept = {name: self.filters[name] for name in _SAFE_FILTERS}
        kept["join"] = self._join
        kept["quote"] = self._quote
        self.filters = kept
        self.globals = {
            "range": self._range,
            "namespace": Namespace,
            "cycler": Cycler,
            "joiner": Joiner,
        }

    # --- what a template may touch --------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, _SAFE_ATTRIBUTE_OWNERS) and super().is_safe_attribute(
            obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        # ``guest.items`` means the key, never dict.items; dict methods stay out of reach.
        if isinstance(obj, dict):
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # Jinja sandboxes str.format; letters do not need it at all, and a format width
        # such as {0:>999999999} would build a gigabyte string before any check.
        if super().wrap_str_format(value) is None:
            return None

        def refused(*args: Any, **kwargs: Any) -> str:
            raise SecurityError(_("string formatting is not available in letter templates"))

        return refused

    # --- sizes ------------------------------------------------------------------------
    def capped(self, value: Any) -> Any:
        if isinstance(value, (str, list, tuple)) and len(value) > self.limits.max_chars:
            raise self._too_long()
        return value

    def _too_long(self) -> RenderLimit:
        return RenderLimit(_("the letter would be longer than {most} characters").format(
            most=f"{self.limits.max_chars:,}"))

    def _concat(self, parts: Any) -> str:
        pieces = list(parts)
        if sum(len(p) for p in pieces) > self.limits.max_chars:
            raise self._too_long()
        return "".join(pieces)

    def _join(self, value: Any, separator: str = "") -> str:
        pieces = [str(v) for v in value]
        if sum(len(p) for p in pieces) + len(separator) * len(pieces) > self.limits.max_chars:
            raise self._too_long()
        return str(separator).join(pieces)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.limits.max_range:
            raise RenderLimit(_("range() of more than {most} numbers").format(
                most=f"{self.limits.max_range:,}"))
        return numbers

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        self._check_binop(operator_name, left, right)
        result = _BINOPS[operator_name](left, right)
        if isinstance(result, int) and result.bit_length() > self.limits.max_int_bits:
            raise RenderLimit(_("a number in the template grew too large"))
        return self.capped(result)

    def _check_binop(self, operator_name: str, left: Any, right: Any) -> None:
        if operator_name == "%" and isinstance(left, str):
            raise SecurityError(_("'%' string formatting is not available in letter templates"))
        if operator_name == "**" and isinstance(right, int) and (
                abs(right) > self.limits.max_int_bits):
            raise RenderLimit(_("a power in the template is too large"))
        if operator_name == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and (
                        len(seq) * times > self.limits.max_chars):
                    raise self._too_long()
        if operator_name == "+" and isinstance(left, (str, list, tuple)) and isinstance(
                right, (str, list, tuple)) and len(left) + len(right) > self.limits.max_chars:
            raise self._too_long()

    # --- output -----------------------------------------------------------------------
    @staticmethod
    def _scalar(value: Any) -> str:
        if isinstance(value, Undefined):
            return str(value)  # StrictUndefined raises the precise error here
        if isinstance(value, bool) or value is None or not isinstance(value, _SCALARS):
            kind = "nothing" if value is None else type(value).__name__
            raise LetterError(_("a letter can print text and numbers, not {kind}").format(
                kind=kind))
        return str(value)

    def _finalize_markdown(self, value: Any) -> str:
        if isinstance(value, MarkdownSafe):
            return value
        return md_inline(self._scalar(value))

    def _finalize_html(self, value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        return visible(self._scalar(value))

    @staticmethod
    def _quote(value: Any) -> MarkdownSafe:
        return md_quote(str(value))

    # --- running a template -----------------------------------------------------------
    def generate_bounded(self, chunks: Callable[[], Iterator[str]]) -> str:
        """Run a template's output generator under the size and time limits."""
        out: list[str] = []
        size = 0
        try:
            with overtime.deadline(self.limits.seconds):
                for chunk in chunks():
                    size += len(chunk)
                    if size > self.limits.max_chars:
                        raise self._too_long()
                    out.append(chunk)
        except overtime.Late as late:  # raised inside the template: its line is kept
            raise RenderLimit(_("the template took longer than {seconds} s (a loop that "
                                "never ends?)").format(seconds=f"{self.limits.seconds:g}")
                              ).with_traceback(
                                  late.__traceback__) from None
        except RecursionError:
            raise RenderLimit(_("the template calls or includes itself without end")
                              ) from None
        except MemoryError:
            raise RenderLimit(_("the template asked for more memory than a letter needs")
                              ) from None
        return "".join(out)


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul, "**": operator.pow, "+": operator.add, "%": operator.mod,
    "//": operator.floordiv, "/": operator.truediv,
}

__all__ = ["LetterEnvironment", "Limits", "RenderLimit", "SecurityError", "TemplateError"]

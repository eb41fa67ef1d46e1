"""Dataclasses that share their methods: a dataclass's generated ``__init__``,
``__eq__``, ``__repr__`` … are compiled anew for each class at every start (about a
millisecond a class), which every command and the kiosk's start would pay for every
record and policy part it merely names.

``Part`` is frozen and keyword-only (the policy's parts). ``Record`` is a plain mutable
dataclass (the kiosk's records): its ``__init__`` is written for a class the first time
one is made, so that the thousands a store read builds run as fast as a dataclass's
own, while a class never made in a process costs nothing. ``Value`` is what
``@dataclass(frozen=True)`` makes (the kiosk's answers and settings: positional or
keyword, equal and hashed by its fields), its ``__init__`` written the same way; a
frozen dataclass compiles six methods a class, about half a millisecond.
"""

from __future__ import annotations

import dataclasses
from dataclasses import field
from typing import Any, ClassVar, dataclass_transform


def _fields_only(cls: type) -> None:
    # A dataclass without a docstring is given its signature as one (inspect, at
    # every start): the class's name does.
    cls.__doc__ = cls.__doc__ or cls.__name__
    dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=issubclass(cls, Part))(cls)


def _shown(value: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(value, f.name)!r}" for f in dataclasses.fields(value)
                      if f.repr)
    return f"{type(value).__name__}({shown})"


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class Part:
    """A frozen, keyword-only dataclass whose methods all parts share."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _fields_only(cls)

    def __init__(self, **values: Any) -> None:
        for f in dataclasses.fields(self):
            if f.name in values:
                value = values.pop(f.name)
            elif f.default is not dataclasses.MISSING:
                value = f.default
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing {f.name!r}")
            object.__setattr__(self, f.name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected {sorted(values)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(name)

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(name)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        return _shown(self)


_MISSING = dataclasses.MISSING


def _written_init(cls: type, frozen: bool = False) -> Any:
    """The ``__init__`` a dataclass would have: positional or keyword, defaults and
    default factories; a frozen one sets its fields past its own ``__setattr__``."""
    params: list[str] = []
    body: list[str] = []
    names: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    for f in dataclasses.fields(cls):
        if f.default is not _MISSING:
            names[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        elif f.default_factory is not _MISSING:
            names[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f"    if {f.name} is _MISSING:\n        {f.name} = _f_{f.name}()")
        else:
            params.append(f.name)
        body.append(f"    _set(self, {f.name!r}, {f.name})" if frozen
                    else f"    self.{f.name} = {f.name}")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, names)  # noqa: S102 - built from the class's own field names only
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


@dataclass_transform(field_specifiers=(field,))
class Record:
    """A mutable dataclass whose ``__eq__`` and ``__repr__`` all records share (equal
    when of one class with equal fields; unhashable, as a mutable dataclass is)."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _fields_only(cls)
        if "__init__" not in vars(cls):  # not a parent's, once written for the parent
            setattr(cls, "__init__", Record.__init__)  # noqa: B010

    def __init__(self, *args: Any, **values: Any) -> None:
        # The first of its class: from now on the class's own __init__ runs.
        init = _written_init(type(self))
        setattr(type(self), "__init__", init)  # noqa: B010 - mypy forbids assigning a method
        init(self, *args, **values)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name)
                   for f in dataclasses.fields(self))

    def __repr__(self) -> str:
        return _shown(self)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Value:
    """A frozen dataclass whose methods all values share: made positionally or by
    keyword, equal when of one class with equal compared fields, hashed by the fields
    a dataclass would hash (``field(compare=False)``, ``field(hash=False)`` kept)."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    _compared: ClassVar[tuple[str, ...]] = ()
    _hashed: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _fields_only(cls)
        fields = dataclasses.fields(cls)
        cls._compared = tuple(f.name for f in fields if f.compare)
        cls._hashed = tuple(f.name for f in fields
                            if (f.compare if f.hash is None else f.hash))
        if "__init__" not in vars(cls):
            setattr(cls, "__init__", Value.__init__)  # noqa: B010

    def __init__(self, *args: Any, **values: Any) -> None:
        # The first of its class: from now on the class's own __init__ runs.
        init = _written_init(type(self), frozen=True)
        setattr(type(self), "__init__", init)  # noqa: B010 - mypy forbids assigning a method
        init(self, *args, **values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(name)

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(name)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = self._compared  # compared as a dataclass does: as tuples
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in self._hashed))

    def __repr__(self) -> str:
        return _shown(self)

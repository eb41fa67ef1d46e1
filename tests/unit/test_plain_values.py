"""``Value`` behaves as ``@dataclass(frozen=True)`` does, side by side with one, while
its class compiles no method until the first one is made."""

from __future__ import annotations

import copy
import dataclasses
import math
import pickle
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.core.plain import Value


class Stay(Value):
    guest: str
    nights: int = 1
    notes: list[str] = field(default_factory=list, hash=False)
    source: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DataStay:
    guest: str
    nights: int = 1
    notes: list[str] = field(default_factory=list, hash=False)
    source: Path | None = field(default=None, compare=False)


class Amount(Value):
    value: float
    currency: str


@dataclass(frozen=True)
class DataAmount:
    value: float
    currency: str


BOTH = [Stay, DataStay]


def test_a_class_compiles_nothing_until_one_is_made() -> None:
    class Fresh(Value):
        room: str

    assert Fresh.__init__ is Value.__init__
    assert Fresh("412").room == "412"
    assert Fresh.__init__ is not Value.__init__  # written once, for Fresh only
    assert Stay.__init__ is not Fresh.__init__


@pytest.mark.parametrize("kind", BOTH)
def test_made_as_a_frozen_dataclass_is(kind: type) -> None:
    assert kind("Ani").nights == 1 and kind("Ani").notes == []
    assert kind("Ani").notes is not kind("Ani").notes  # a fresh list each time
    made = kind("Ani", 3, ["late"], Path("a"))
    assert (made.guest, made.nights, made.notes, made.source) == ("Ani", 3, ["late"],
                                                                  Path("a"))
    assert kind(guest="Ani", source=None, nights=2).nights == 2
    with pytest.raises(TypeError):
        kind()
    with pytest.raises(TypeError):
        kind("Ani", 1, [], None, "one too many")
    with pytest.raises(TypeError):
        kind("Ani", room="412")
    with pytest.raises(TypeError):
        kind("Ani", guest="twice")


@pytest.mark.parametrize("kind", BOTH)
def test_frozen(kind: type) -> None:
    made = kind("Ani")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.guest = "Levon"
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.guest
    assert dataclasses.replace(made, nights=4) == kind("Ani", 4)
    assert made.nights == 1


@pytest.mark.parametrize("kind", BOTH)
def test_equal_and_hashed_by_its_fields(kind: type) -> None:
    assert kind("Ani", 2) == kind("Ani", 2)
    assert kind("Ani", 2) != kind("Ani", 3)
    assert kind("Ani", source=Path("a")) == kind("Ani", source=Path("b"))  # not compared
    assert hash(kind("Ani", 2, ["x"])) == hash(kind("Ani", 2, ["y"]))  # notes not hashed
    assert hash(kind("Ani", 2)) == hash(("Ani", 2))  # a dataclass's own rule
    assert kind("Ani") != ("Ani", 1, [], None)
    assert len({kind("Ani"), kind("Ani"), kind("Levon")}) == 2


def test_compared_as_tuples_are() -> None:
    nan = math.nan
    assert Amount(nan, "AMD") == Amount(nan, "AMD")  # the same object: equal, as in a tuple
    assert (Amount(nan, "AMD") == Amount(nan, "AMD")) == (DataAmount(nan, "AMD")
                                                          == DataAmount(nan, "AMD"))
    assert Amount(1.0, "AMD") != DataAmount(1.0, "AMD")  # another class
    assert Stay("Ani").__eq__(DataStay("Ani")) is NotImplemented
    with pytest.raises(TypeError):
        hash(Amount([], "AMD"))  # type: ignore[arg-type]  # unhashable, as a dataclass's


@pytest.mark.parametrize("kind", BOTH)
def test_kept_and_copied(kind: type) -> None:
    made = kind("Ani", 2, ["late"], Path("a"))
    for again in (pickle.loads(pickle.dumps(made)), copy.copy(made), copy.deepcopy(made)):
        assert again == made and type(again) is kind and again.source == Path("a")
    assert dataclasses.asdict(made) == {"guest": "Ani", "nights": 2, "notes": ["late"],
                                        "source": Path("a")}
    assert [f.name for f in dataclasses.fields(made)] == ["guest", "nights", "notes",
                                                          "source"]
    assert kind.__match_args__ == ("guest", "nights", "notes", "source")


def test_shown_as_a_dataclass_is() -> None:
    assert repr(Amount(Decimal("2.5"), "AMD")) == "Amount(value=Decimal('2.5'), currency='AMD')"
    assert repr(DataAmount(Decimal("2.5"), "AMD")).removeprefix("Data") == \
        repr(Amount(Decimal("2.5"), "AMD"))

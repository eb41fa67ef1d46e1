"""Money is a Decimal amount with an ISO 4217 currency code; never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


def to_decimal(value: object) -> Decimal:
    """Exact conversion from what people and files give us (str, int, Decimal)."""
    if isinstance(value, float):
        # Floats come from TOML/JSON numbers like 12.5; go through repr so 0.1 stays 0.1.
        value = repr(value)
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


@dataclass(frozen=True, order=True)
class Money:
    amount: Decimal
    currency: str

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

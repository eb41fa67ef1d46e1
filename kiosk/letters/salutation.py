"""How a letter addresses the guest: never guessed from the position of a word.

The desk records the name as written and, optionally, ``address_as``: how the guest is
to be addressed ("Mr Smith", "Bi. Fatuma", "Պարոն Սարգսյան"), or a surname alone that
the honorific goes before. Without it the letter uses the full name. A surname is never
taken from the last word: that gives "Mr Jr." for John Smith Jr. and "Bi. Hassan" for
Fatuma binti Hassan, whom coastal usage addresses as "Bi. Fatuma".
"""

from __future__ import annotations

# Each language's honorifics as a letter writes them after its "Dear". Armenian writes
# the title in lower case after «Հարգելի»; Swahili and Armenian have no word for Mx, so
# an mx guest is addressed by name.
TITLES: dict[str, dict[str, str]] = {
    "en": {"mr": "Mr", "ms": "Ms", "mrs": "Mrs", "mx": "Mx", "dr": "Dr"},
    "hy": {"mr": "պարոն", "ms": "տիկին", "mrs": "տիկին", "dr": "դոկտոր"},
    "sw": {"mr": "Bw.", "ms": "Bi.", "mrs": "Bi.", "dr": "Dkt."},
}

# Words that show an ``address_as`` already carries its own title, in any language.
_TITLE_WORDS = frozenset(word.casefold().rstrip(".") for word in (
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Lady", "Lord", "Prof",
    "Professor", "Rev", "Madam", "Madame", "Monsieur", "Herr", "Frau",
    "պարոն", "տիկին", "օրիորդ", "դոկտոր", "պրոֆեսոր",
    "Bw", "Bwana", "Bi", "Bibi", "Dkt", "Daktari", "Dada", "Ndugu", "Mzee", "Mama",
))
_ARMENIAN_TITLES = frozenset(TITLES["hy"].values()) | {"օրիորդ", "պրոֆեսոր"}


def title(honorific: str, language: str) -> str:
    """The honorific as ``language`` writes it, or "" when it has none for it."""
    return TITLES.get(language.split("-")[0], {}).get(honorific, "")


def has_title(words: str) -> bool:
    first = words.split(maxsplit=1)[0] if words.split() else ""
    return first.casefold().rstrip(".") in _TITLE_WORDS


def _armenian_case(words: str) -> str:
    """«Պարոն Սարգսյան» → «պարոն Սարգսյան»: after «Հարգելի» the title is lower case."""
    first, _, rest = words.partition(" ")
    if first.casefold() in _ARMENIAN_TITLES:
        return first.casefold() + (" " + rest if rest else "")
    return words


def salutation(name: str, address_as: str, honorific: str, language: str) -> str:
    """The words after "Dear": ``address_as`` as written (with the honorific before a
    bare surname), else the honorific and the full name, else the full name."""
    chosen = " ".join(address_as.split())
    if chosen and has_title(chosen):
        words = chosen
    else:
        words = chosen or " ".join(name.split())
        prefix = title(honorific, language)
        if prefix and words:
            words = f"{prefix} {words}"
    if language.split("-")[0] == "hy":
        words = _armenian_case(words)
    return words

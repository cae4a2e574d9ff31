"""English wording the pages and citations share: lists, counts and the indefinite article."""

from __future__ import annotations

import re

# Words whose first letter is a vowel but whose first sound is not ("a university report", "a one-page memo"), and
# the reverse ("an hour-long speech"). A written rule, not a library: inflect knows more exceptions but takes
# seconds to import (typeguard instruments it), which every build would pay for the few genres a text names.
_VOWEL_LETTER_CONSONANT_SOUND = ("eu", "ewe", "one", "once", "uni", "use", "usu", "uti", "ubi", "ur")
_SILENT_H = ("heir", "honest", "honor", "honour", "hour")


def indefinite(noun: str) -> str:
    """The noun with `a` or `an` before it, as its first sound asks: `an article`, `a news release`, `an hour-long speech`."""
    word = noun.strip().lower()
    vowel_sound = (word[:1] in "aeiou" and not word.startswith(_VOWEL_LETTER_CONSONANT_SOUND)) or word.startswith(_SILENT_H)
    return f"{'an' if vowel_sound else 'a'} {noun}"


def counted(number: int, one: str, many: str) -> str:
    """`1 list`, `2 lists`: the number with its noun in the form English gives that number."""
    return f"{number} {one if number == 1 else many}"


def counts(numbers: list[tuple[int, str, str]]) -> str:
    """(number, one, many) of each kind, as `4 events, 1 list and 2 terms`, the kinds there are none of left out."""
    return and_list([counted(*entry) for entry in numbers if entry[0]])


def and_list(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = [str(item) for item in items]
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]


def pieces(text: str, names: dict[str, str]) -> list[tuple[str, str | None]]:
    """`text` cut around each of `names` (name → what it stands for) it contains, the longest name first: each piece
    with what its name stands for, or None. "researcher at the Institute of China Studies, Fudan University" cut
    around both institutions' names, to link each where the text names it."""
    if not names:
        return [(text, None)]
    found = re.compile("|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)))
    out: list[tuple[str, str | None]] = []
    at = 0
    for m in found.finditer(text):
        if m.start() > at:
            out.append((text[at : m.start()], None))
        out.append((m.group(), names[m.group()]))
        at = m.end()
    if at < len(text):
        out.append((text[at:], None))
    return out

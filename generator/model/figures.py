"""A fact's figures against their print: the value, the currency sign, the bound words and a printed equivalent.

The reading and its rules (exact or rounded, bounds) are in printed.py; here each is held to the fact's fields,
every mismatch a problem at the field that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Problem

from . import printed, schema
from .load import Document

# Bound phrases that, printed right before a figure, can mean nothing else: "over 30 days" may be a duration and
# "about 3 things" a topic, but "more than 14 times" is a bound.
_PLAIN_BOUNDS = {phrase for phrase in printed.BOUND_PHRASES if " " in phrase and not phrase.startswith("or ")} | {
    "nearly", "almost", "approximately", "roughly",
}


def check_fact(doc: Document, index: int, fact: schema.Fact) -> Iterator[Problem]:
    """Every way the fact's fields disagree with the figure its quote prints."""
    if fact.qualifier is not None and fact.qualifier not in fact.quote:
        yield doc.problem((index, "qualifier"), f"{fact.qualifier!r} does not occur in the quote")
    if fact.bound is None and (phrase := printed.bound_before(fact.quote, fact.printed)) in _PLAIN_BOUNDS:
        yield doc.problem(
            (index, "qualifier"),
            f"the quote prints {phrase!r} before {fact.printed!r}: record it as the qualifier, a bound ({printed.BOUND_PHRASES[phrase]})",
        )
    yield from _held_to_print(doc, (index,), fact.printed, fact.value, fact.unit, fact.currency)
    if (equivalent := fact.equivalent) is None:
        return
    if equivalent.printed not in fact.quote:
        yield doc.problem((index, "equivalent", "printed"), f"{equivalent.printed!r} does not occur in the quote")
    yield from _held_to_print(doc, (index, "equivalent"), equivalent.printed, equivalent.value, equivalent.unit, equivalent.currency)
    if message := _conversion(fact, equivalent):
        yield doc.problem((index, "equivalent", "printed"), message)


def _held_to_print(
    doc: Document, loc: tuple[str | int, ...], shown: str, value: float | None, unit: str, currency: str | None
) -> Iterator[Problem]:
    reading = printed.read_printed(shown)
    if value is not None and reading is None:
        yield doc.problem(
            (*loc, "printed"),
            f"{shown!r} is not one number (digits or words, with a sign, scale or noun), so the value cannot be held to it: "
            "print the figure with its number, or set value: null",
        )
    if reading is None:
        return
    if value is not None and (why := reading.mismatch(value)):
        yield doc.problem((*loc, "value"), f"{printed.plain_number(value)} does not match the printed {shown!r}, which {why}")
    if reading.percent and unit != "percent":
        yield doc.problem((*loc, "unit"), f"{shown!r} is printed as a percentage: its unit is `percent`")
    if reading.sign is not None:
        codes = printed.currencies_of_sign(reading.sign)
        some = ", ".join(sorted(codes)[:6]) + (", …" if len(codes) > 6 else "")
        if currency is None:
            yield doc.problem((*loc, "currency"), f"{shown!r} is printed with {reading.sign!r}: give its ISO 4217 currency ({some})")
        elif currency not in codes:
            yield doc.problem((*loc, "currency"), f"{currency} is not what {reading.sign!r} stands for ({some})")


def _conversion(fact: schema.Fact, equivalent: schema.Equivalent) -> str | None:
    """Why the printed equivalent is not the printed figure converted, when both units are physical units pint knows."""
    ours, theirs = printed.read_printed(fact.printed), printed.read_printed(equivalent.printed)
    if ours is None or theirs is None:
        return None
    converted = printed.convert(float(ours.number), fact.unit, equivalent.unit)
    if converted is None:
        return None
    # A conversion rounds: each side is held to half a unit of its last significant digit, exact or not.
    slack = float(theirs.significance) + (printed.convert(float(ours.significance), fact.unit, equivalent.unit) or 0)
    if abs(converted - float(theirs.number)) <= slack:
        return None
    return f"{fact.printed} is {converted:.3g} {equivalent.unit}, not the printed {equivalent.printed!r}"

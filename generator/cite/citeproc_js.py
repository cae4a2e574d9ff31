"""What citeproc-js (npm `citeproc`, the engine inside Zotero and Mendeley) prints that citeproc-py does not.

The site formats its citations with citeproc-py, in Python, from the same official CSL styles Zotero uses. Where the
two engines differ, a reader who pastes a reference from Zotero next to one from this site sees two spellings of the
same citation; tests/cite/test_citeproc_js.py renders every item with both engines and fails on any difference. Four
rules of citeproc-js 2.4.63 are carried over here:

- **Title case** (`text-case="title"`, which MLA and Chicago apply to titles, and APA to the name of a container):
  citeproc-js leaves lowercase a much longer list of minor words than the CSL specification's ("through", "against",
  "vs"), capitalises the words of a hyphenated compound ("Capital-Intensive") and a word after a parenthesis, and
  capitalises a minor word that ends the title. `title_case` is a port of its algorithm
  (`CSL.Output.Formatters.title`), with its list of minor words (`CSL.SKIP_WORDS`), verbatim.
- **Quotation marks and apostrophes**: straight quotes in the data become typographic ones, alternating double and
  single with depth (a quoted phrase inside a title that a style puts in quotation marks takes single ones), and an
  apostrophe becomes ’ (`CSL.Util.FlipFlopper`).
- **Given names a style keeps whole** (`initialize="false"`, as MLA and Chicago ask): citeproc-py initialises them
  anyway.
- **Punctuation that would print twice**: a title that ends with a period or a question mark takes no period after it,
  whether or not italics or a closing quotation mark come between.

APA 7 rules otherwise on one point, and the site follows APA there: in title case it capitalises every word of four
letters or more, minor or not ("DeepSeek Through Chinese Eyes"), where CSL and citeproc-js lowercase the minor words
of any length. That is the only difference the test allows, and only in APA.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import cache

SKIP_WORDS = (
    "about", "above", "across", "afore", "after", "against", "al", "along", "alongside", "amid", "amidst", "among",
    "amongst", "anenst", "apropos", "apud", "around", "as", "aside", "astride", "at", "athwart", "atop", "barring",
    "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "but", "by", "circa", "despite",
    "down", "during", "et", "except", "for", "forenenst", "from", "given", "in", "inside", "into", "lest", "like",
    "modulo", "near", "next", "notwithstanding", "of", "off", "on", "onto", "out", "over", "per", "plus", "pro", "qua",
    "sans", "since", "than", "through", " thru", "throughout", "thruout", "till", "to", "toward", "towards", "under",
    "underneath", "until", "unto", "up", "upon", "versus", "vs.", "v.", "vs", "v", "via", "vis-à-vis", "with", "within",
    "without", "according to", "ahead of", "apart from", "as for", "as of", "as per", "as regards", "aside from",
    "back to", "because of", "close to", "due to", "except for", "far from", "inside of", "instead of", "near to",
    "next to", "on to", "out from", "out of", "outside of", "prior to", "pursuant to", "rather than", "regardless of",
    "such as", "that of", "up to", "where as", "or", "yet", "so", "for", "and", "nor", "a", "an", "the", "de", "d'",
    "von", "van", "c", "ca",
)  # fmt: skip
"""citeproc-js's `CSL.SKIP_WORDS`, verbatim (its oddities too: " thru", and "vs." read as a pattern): the words its
title case leaves lowercase. tests/cite/test_citeproc_js.py checks it against the installed engine's."""

# `makeRegExp` in citeproc-js: a minor word is one the pattern finds in the lowercased word.
_MINOR = re.compile(r"(?:(?:[?!:]*\s+|-|^)(?:" + "|".join(SKIP_WORDS) + r")(?=[!?:]*\s+|-|$))")

# The pieces a title splits into: quotation marks, punctuation and inline markup; the words between them are cased.
_TAG = re.compile(
    r"‘|’|“|”| \"| '|\"|'|[-\u2013\u2014/.,;?!:\x03\x04]|\[|\]|\(|\)"
    r"|<span style=\"font-variant: small-caps;\">|<span class=\"no(?:case|decor)\">|</span>|</?(?:i|sc|b|sub|sup)>"
)
_SPACES = re.compile(r"([\u00a0 \u2000-\u200b\u205f\u3000]+)")
_NOT_CASED = {  # markup whose text title case leaves alone, with its closing tag
    '<span style="font-variant: small-caps;">': "</span>",
    '<span class="nocase">': "</span>",
    '<span class="nodecor">': "</span>",
    "<sc>": "</sc>",
    "<sub>": "</sub>",
    "<sup>": "</sup>",
}
# A quotation mark that opens → the opener a nested quotation would start with, and the mark that closes it.
_QUOTES = {' "': (" '", '"'), " '": (' "', "'"), "‘": ("‘", "’"), "“": ("“", "”")}

capitalise_from: ContextVar[int | None] = ContextVar("capitalise_from", default=None)
"""While a style is formatted: the length from which title case capitalises a minor word too (APA 7: 4), or None."""


def title_case(text: str, long_words_from: int | None = None) -> str:
    """`text` in title case as citeproc-js writes it; `long_words_from`: capitalise minor words of this length or more."""
    tags, strings = _split(text)
    original = list(strings)
    state = _Casing(long_words_from)
    if strings[0].strip():
        strings[0] = state.capitalise_words(strings[0], 0, tags[0] if tags else None)
    for i, tag in enumerate(tags):
        piece = strings[i + 1]
        if tag in _NOT_CASED:
            state.markup.append(_NOT_CASED[tag])
        elif state.markup and tag == state.markup[-1]:
            state.markup.pop()
        if re.search(r"[!?:]$", tag):
            state.after_punctuation = True
        if not state.markup:
            # citeproc-js hands the engine's state, not the next tag, to this call: only the first piece of a title
            # sees the hyphen after its last word.
            strings[i + 1] = state.capitalise_words(piece, i + 1, None)
        elif piece.strip():
            state.last_word = None
        restore = state.quote(tag, i)
        if restore is not None:  # a quotation mark that does not pair: the word after it keeps its first letter
            strings[restore + 1] = original[restore + 1][:1] + strings[restore + 1][1:]
            state.last_word = None
        if piece.strip():
            state.first = state.after_punctuation = False
    for opened in state.quotes:
        if opened[2] is not None:
            strings[opened[2] + 1] = original[opened[2] + 1][:1] + strings[opened[2] + 1][1:]
    if state.last_word is not None:  # a minor word that ends the title is capitalised
        at, j = state.last_word
        words = _SPACES.split(strings[at])
        last = words[2 * j]
        if len(last) > 1 and _MINOR.search(last.lower()):
            words[2 * j] = _capitalise(last)
        strings[at] = "".join(words)
    return "".join(s + t for s, t in zip(strings, [*tags, ""], strict=True))


def _split(text: str) -> tuple[list[str], list[str]]:
    """`CSL.Doppeler.split`: the marks, and the strings around them (one more); an apostrophe joins the word after it."""
    tags = [m.group() for m in _TAG.finditer(text)]
    strings = _TAG.split(text)
    for i in range(len(tags) - 1, -1, -1):
        if tags[i] == "'" and strings[i + 1]:
            strings[i + 1] = "'" + strings[i + 1]
            tags[i] = ""
    return tags, strings


class _Casing:
    """Where title case is in a title: first word, after a colon, inside markup or a quotation, at the last word."""

    def __init__(self, long_words_from: int | None) -> None:
        self.long_words_from = long_words_from
        self.first = True
        self.after_punctuation = False
        self.markup: list[str] = []
        self.quotes: list[tuple[str, str, int | None]] = []  # (opener of a nested one, closer, where it opened)
        self.last_word: tuple[int, int] | None = None

    def capitalise_words(self, piece: str, at: int, following: str | None) -> str:
        if not piece.strip():
            return piece
        words = _SPACES.split(piece)  # words at even places, the spaces between them at odd ones
        count = (len(words) + 1) // 2
        for j in range(count):
            word = words[2 * j]
            if not word:
                continue
            lower = word.lower()
            minor = bool(_MINOR.search(lower)) and not (self.long_words_from and len(word) >= self.long_words_from)
            capitalise = (
                (len(word) > 1 and not minor) or (j == count - 1 and following == "-") or self.first or self.after_punctuation
            )
            if capitalise and word == lower:
                words[2 * j] = _capitalise(word)
            self.first = self.after_punctuation = False
            self.last_word = (at, j)
        return "".join(words)

    def quote(self, tag: str, at: int) -> int | None:
        """Follow the quotation marks: where a mark that does not pair stands, else None."""
        m = re.search(r"(^(?:‘|’|“|”|\"|')|(?: \"| ')$)", tag)
        if not m:
            return None
        mark = m.group(1)
        if mark in _QUOTES:
            nested, closer = _QUOTES[mark]
            if not self.quotes or mark == self.quotes[-1][0]:
                self.quotes.append((nested, closer, at))
                return None
            before = self.quotes.pop()[2]
            self.quotes.append((nested, closer, None))  # citeproc-js forgets where this one opened
            return before
        if self.quotes and mark == self.quotes[-1][1]:
            self.quotes.pop()
            return None
        return at


def _marked_initials(part: str, mark: str) -> str:
    """A part of a given name: initials ("B.R.", "T") each followed by `mark` ("B. R.", "T."); a name as it is."""
    if re.fullmatch(r"(?:[A-Z]\.?)+", part):
        return "".join(letter + mark for letter in part.replace(".", "")).strip()
    return part


def _capitalise(word: str) -> str:
    m = re.match(r"(\s*)(.)(.*)", word, re.S)
    if m and not (re.fullmatch(r"[\u0370-\u03ff]", m.group(2)) and not m.group(3)):  # a lone Greek letter stays
        return m.group(1) + m.group(2).upper() + m.group(3)
    return word


# --- the formatted reference ----------------------------------------------------------------------------------------

# Marks that stand in for a character while the reference is formatted: C0 controls, which no data holds (schema.py
# refuses them), so none can be mistaken for text.
_STRAY = "\x01"  # a straight double quote that pairs with nothing in its field, until `typeset` ends
_CLOSER = "\x02"  # marks a closing quotation mark while `typeset` works
_OWN = {".": "\x03", ",": "\x04"}  # a field's own period or comma after a quotation mark: not moved into it
_MARKUP = re.compile(r"(<[^>]*>|https?://[^\s<]+)")
_INTO_QUOTE = re.compile(f"((?:{_CLOSER}[”’])+)((?:</[a-z]+>)*)([.,])")
_DOUBLED = re.compile(f"(?<!\\.)([.?!{_OWN['.']}])((?:</[a-z]+>|{_CLOSER}[”’])*)\\.(?!\\.)")


def field_text(text: str) -> str:
    """A field's text before citeproc-py formats it: a straight double quote that opens or closes nothing in it stays
    as it is printed (citeproc-js reads quotation marks field by field; `typeset` sees the whole reference)."""
    marks = _Quotes()
    marks.text(text)
    unpaired = marks.unpaired()
    text = "".join(_STRAY if c == '"' and i in unpaired else c for i, c in enumerate(text))
    return re.sub(r"(?<=[\"'”’])[.,]", lambda m: _OWN[m.group()], text)


def typeset(entry: str, punctuation_in_quote: bool) -> str:
    """A reference formatted by citeproc-py (HTML) as citeproc-js prints it: typographic quotation marks and
    apostrophes, nested quotations alternating double and single; a period or comma after a closing quotation mark
    inside it when the locale says so (`punctuation-in-quote`, which en-US sets); no period after a title's own."""
    parts = _MARKUP.split(entry)
    quotes = _Quotes()
    for i in range(0, len(parts), 2):  # text at even places; markup and addresses are left alone
        parts[i] = quotes.text(parts[i])
    entry = _DOUBLED.sub(r"\1\2", "".join(parts))
    if punctuation_in_quote:
        entry = _DOUBLED.sub(r"\1\2", _INTO_QUOTE.sub(r"\3\1\2", entry))
    for mark, own in _OWN.items():
        entry = entry.replace(own, mark)
    return entry.replace(_CLOSER, "").replace(_STRAY, '"')


_MARKS = {True: ("“", "”"), False: ("‘", "’")}  # double quotation marks, single ones


class _Quotes:
    """Quotation marks across a text: which open, which close, and whether each prints double or single.

    As citeproc-js's flip-flopper: a quotation inside another takes the other kind; one that is inside none keeps its
    kind if typographic (“ double, ‘ single), and if straight takes double for the first straight kind seen, single
    for the other."""

    def __init__(self) -> None:
        self.open: list[tuple[str, int, bool]] = []  # each open quotation's mark, where it stands, whether it is double
        self.strays: list[int] = []  # closing marks that closed nothing
        self.straight_double: str | None = None  # the straight mark that prints double outside any quotation
        self.seen = 0

    def text(self, text: str) -> str:
        out = []
        for i, c in enumerate(text):
            at = self.seen + i
            before, after = text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""
            if c in "'’" and before and not before.isspace() and after and not after.isspace() and after not in ",.?:;”’\"'":
                out.append("’")  # within a word (citeproc-js's `_apostropheForce`)
            elif c in "“‘" or (c in "\"'" and (not before or before.isspace() or before in "([") and after and not after.isspace()):
                out.append(self._opening(c, at))
            elif c in "”’\"'":
                out.append(self._closing(c, at))
            else:
                out.append(c)
        self.seen += len(text)
        return "".join(out)

    def _opening(self, mark: str, at: int) -> str:
        if mark in "\"'" and self.straight_double is None:
            self.straight_double = mark
        double = not self.open[-1][2] if self.open else mark == "“" or mark == self.straight_double
        self.open.append((mark, at, double))
        return _MARKS[double][0]

    def _closing(self, mark: str, at: int) -> str:
        if self.open and _pairs(self.open[-1][0], mark):
            return _CLOSER + _MARKS[self.open.pop()[2]][1]
        self.strays.append(at)
        return "’" if mark in "'’" else mark  # an apostrophe, or a mark that closes nothing

    def unpaired(self) -> set[int]:
        """Where the quotation marks that pair with nothing stand."""
        return set(self.strays) | {at for _, at, _ in self.open}


def _pairs(opener: str, closer: str) -> bool:
    return (opener in "“\"" and closer in "”\"") or (opener in "‘'" and closer in "’'")


@cache
def teach_citeproc_py() -> None:
    """Make citeproc-py's title case citeproc-js's (`title_case`), and have it keep given names that a style says not
    to initialise (`initialize="false"`, which MLA and Chicago set: "Riordon, James", not "Riordon, J."), once."""
    from citeproc.model import Name, TextCased
    from citeproc.string import MixedString, String

    initialise = Name.initialize

    def initialize(self, given, mark, context):
        if self.get("initialize", "true") == "false":  # initials already there still take the mark: "B.R." → "B. R."
            return type(given)(" ".join(_marked_initials(part, mark) for part in str(given).split()))
        return initialise(self, given, mark, context)

    Name.initialize = initialize

    inherited = TextCased.case

    def case(self, text, language=None):
        plain = type(text) is String or (type(text) is MixedString and all(type(part) is String for part in text))
        if self.get("text-case") == "title" and language == "en" and plain:  # text with no markup of its own
            return String(title_case(str(text), capitalise_from.get()))
        return inherited(self, text, language)

    TextCased.case = case

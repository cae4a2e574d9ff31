"""Tone-marked pinyin for a report's Chinese terms: pypinyin's, given only the part of its phrase dictionary they can use.

pypinyin reads its whole phrase dictionary when imported (47,000 phrases, 2.5 MB of JSON) and trains its segmenter on
every prefix of every phrase, in the process that then forks the build's helpers (which inherit its memory), all for a
report's few dozen terms. Splitting a text, the segmenter asks only about strings of that text: whether one is a phrase (then read as
the phrase), and whether some phrase begins with it (then the match may grow). So pypinyin is imported without its phrases
(PYPINYIN_NO_PHRASES, a setting it documents) and then given (`load_phrases_dict`, and the segmenter's `train`, both
public):
- every phrase written only in characters the texts use: every phrase a text holds is one;
- for every phrase, the run of such characters it begins with: a string of the texts begins some phrase exactly when it
  begins one of these runs.
Each answer is the whole dictionary's, so each reading is too. The dictionary's file is scanned, not parsed: only
those phrases' readings are decoded. tests/derive/test_derive.py compares every term of the
data, and texts chosen to trip the segmenter, with pypinyin reading them with its whole dictionary.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from collections.abc import Iterable
from functools import cache

from generator.environment import setting


def to_pinyin(chinese: str) -> str:
    """Tone-marked pinyin, syllables separated by spaces; other characters kept as they are."""
    return pinyin_of([chinese])[chinese]


def pinyin_of(texts: Iterable[str]) -> dict[str, str]:
    """Each text's tone-marked pinyin (as `to_pinyin`); the dictionary is scanned once for all of them."""
    texts = list(dict.fromkeys(texts))
    reader = _reader()
    reader.learn({c for text in texts for c in text})
    return {text: " ".join(syllable for syllable in reader.read(text) if syllable.strip()) for text in texts}


class _Reader:
    """pypinyin with the phrases of the characters learnt so far (each call of `learn` adds those of new characters)."""

    def __init__(self):
        with setting("PYPINYIN_NO_PHRASES", "1"), setting("PYPINYIN_NO_DICT_COPY", "1"):
            import pypinyin
            from pypinyin.seg import mmseg
        self.pypinyin, self.segmenter = pypinyin, mmseg.seg
        self.known: set[str] = set()

    def read(self, text: str) -> list[str]:
        return self.pypinyin.lazy_pinyin(text, style=self.pypinyin.Style.TONE)

    def learn(self, characters: set[str]) -> None:
        new = characters - self.known
        if not new:
            return
        self.known |= new
        phrases, beginnings = _phrases_within(_dictionary_text(), self.known)
        self.pypinyin.load_phrases_dict(phrases)  # retrains the segmenter on the phrases, keeping what it knew
        self.segmenter.train(beginnings)  # type: ignore[arg-type]  # its stub says Iterator; it takes any iterable


@cache
def _reader() -> _Reader:
    return _Reader()


def _dictionary_text() -> str:
    return importlib.resources.files("pypinyin").joinpath("phrases_dict.json").read_text(encoding="utf-8")


def _phrases_within(dictionary: str, characters: set[str]) -> tuple[dict[str, list[list[str]]], list[str]]:
    """The dictionary's phrases written only in `characters`, with their readings; and, of every phrase, the longest
    beginning written only in them (a phrase of those characters is its own)."""
    if not characters:
        return {}, []
    run = "[" + "".join(re.escape(c) for c in sorted(characters)) + "]+"
    decoder = json.JSONDecoder()
    phrases, beginnings = {}, []
    # A key's opening quote, then its beginning in those characters (a reading, in Latin letters, never matches); when
    # that is the whole key, its closing quote and colon, then its reading.
    for match in re.finditer(rf'"({run})(":\s*)?', dictionary):
        beginnings.append(match.group(1))
        if match.group(2):
            reading, _ = decoder.raw_decode(dictionary, match.end())
            phrases[match.group(1)] = reading
    return phrases, beginnings

"""Material's search index, made faster where it repeats work: what reaches into its SearchIndex is here.

While `mkdocs build` renders the pages' templates, the index is made by a
worker process. Material's search plugin parses each page's HTML into
sections, splits their Chinese text into words with jieba and keeps the
entries, page by page, in the process that renders the pages, on one core
while the other waits. Every page's HTML is
final once MkDocs has converted them all (on_env), so `index_ahead` hands the
pages to a worker, which runs the same SearchIndex code on each, and has the
search plugin only note the place of each page's entries as it goes; `fill`
puts the worker's entries there before the plugin writes the index. The
index is the same, entry for entry, in the same order.

jieba loads its whole dictionary (350,000 words and every prefix of each)
to split a few hundred Chinese characters. The worker
gives it instead, sentence by sentence, the dictionary words that sentence
contains, with their prefixes and the whole dictionary's total frequency:
jieba's segmentation looks no other word up, so it splits exactly as with the
whole dictionary (tests/site/test_any_report.py checks every Chinese run of the
data).

Under `mkdocs serve`, Material's search parses every page's HTML again on
each rebuild: `reuse_entries` makes a page whose
HTML, address, title, table of contents and metadata are unchanged give the
index the entries it gave last time.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
from concurrent.futures import Future
from types import SimpleNamespace

from .workers import Workers


class _Later(str):
    """Where a page's entries go in the index, until the worker's come: the page's URL."""


def index_ahead(search, pages: list, workers: Workers) -> Future:
    """Start indexing `pages` (MkDocs pages, converted) with the search plugin `search`'s settings, by `workers`."""
    index = search.search_index
    texts = [SimpleNamespace(url=p.url, title=str(p.title), content=p.content, toc=p.toc, meta=p.meta) for p in pages]
    future = workers.submit(_index, dict(index.config), texts)
    index.add_entry_from_context = lambda page: index.entries.append(_Later(page.url))  # the plugin calls it page by page
    return future


def fill(search, indexing: Future) -> None:
    """Put each page's entries where the search plugin noted its place."""
    index = search.search_index
    del index.add_entry_from_context  # the class's own again
    entries = indexing.result()
    index.entries = [entry for item in index.entries for entry in (entries[item] if isinstance(item, _Later) else [item])]


def _index(config: dict, pages: list[SimpleNamespace]) -> dict[str, list[dict]]:
    from material.plugins.search.plugin import SearchIndex

    _segment_by_sentence()
    out = {}
    for page in pages:
        index = SearchIndex(**config)
        index.add_entry_from_context(page)
        out[page.url] = index.entries
    return out


_ENTRY = re.compile(r"^([^ \n]+) (\d+)", re.MULTILINE)


@functools.cache
def _segment_by_sentence() -> None:
    """Make jieba.cut look words up in a dictionary holding those of the sentences it has been given (see above)."""
    try:
        import jieba
    except ImportError:  # Material's search then splits no Chinese
        return
    if jieba.dt.initialized:  # a user dictionary (search.jieba_dict_user) made it load the whole dictionary
        return
    with jieba.dt.get_dict_file() as file:
        text = file.read().decode("utf-8")
    entries = _ENTRY.findall(text)
    if len(entries) != text.count("\n") + (not text.endswith("\n")):  # not plain "word frequency [tag]" lines: jieba reads it
        return
    words = dict(entries)  # word → its frequency, as text; a word listed twice: the last line's, as jieba reads it
    longest = max(map(len, words), default=0)
    met: set[str] = set()  # the dictionary words of the sentences so far
    known: dict[str, int] = {}  # jieba's dictionary: those words and their prefixes (0 unless words themselves)
    jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = known, sum(int(freq) for _, freq in entries), True
    cut = jieba.cut

    def cut_knowing_its_words(sentence, *args, **kwargs):
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence
        parts = (text[start:end] for start in range(len(text)) for end in range(start + 1, min(len(text), start + longest) + 1))
        for word in {part for part in parts if part in words} - met:
            met.add(word)
            known[word] = int(words[word])
            for end in range(1, len(word)):
                known.setdefault(word[:end], 0)
        return cut(sentence, *args, **kwargs)

    jieba.cut = cut_knowing_its_words


def reuse_entries() -> None:
    """Under `mkdocs serve`: Material's search indexes an unchanged page from its last entries (see above)."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex.add_entry_from_context
    if getattr(index, "reusing", False):
        return
    kept: dict[str, tuple[str, list[dict]]] = {}  # page URL → (key, the entries it gave)

    def add_entry_from_context(self, page) -> None:
        shown = [page.url, str(page.title), page.content or "", str(page.toc), repr(sorted(page.meta.items())), repr(sorted(self.config.items()))]
        key = hashlib.sha256("\0".join(shown).encode("utf-8")).hexdigest()
        if page.url in kept and kept[page.url][0] == key:
            self.entries.extend(copy.deepcopy(kept[page.url][1]))
            return
        before = len(self.entries)
        index(self, page)
        kept[page.url] = (key, copy.deepcopy(self.entries[before:]))

    add_entry_from_context.reusing = True  # type: ignore[attr-defined]
    SearchIndex.add_entry_from_context = add_entry_from_context  # type: ignore[method-assign]

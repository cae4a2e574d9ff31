"""Which languages the site's search indexes, from the languages its data uses.

MkDocs' search (lunr.js through Material) has a stemmer per language; Chinese
needs jieba's segmentation, which the search plugin does when `zh` is listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the plugin reads the theme's search scripts from here before any data is loaded
    from .report import Report

# Languages Material's search supports, by base code, with their English names.
SEARCH = {
    "ar": "Arabic", "da": "Danish", "de": "German", "en": "English", "es": "Spanish", "fi": "Finnish", "fr": "French",
    "hi": "Hindi", "hu": "Hungarian", "hy": "Armenian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch",
    "no": "Norwegian", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sv": "Swedish", "ta": "Tamil",
    "te": "Telugu", "th": "Thai", "tr": "Turkish", "vi": "Vietnamese", "zh": "Chinese",
}
CJK = {"zh", "ja", "ko"}


def search_languages(report: Report) -> list[str]:
    """Base codes of the languages the data uses that search supports, the site's own first."""
    return [code for code in report.languages if code in SEARCH] or ["en"]


LUNR_DIR = "assets/javascripts/lunr/"


def lunr_scripts(languages: list[str]) -> set[str]:
    """The files below LUNR_DIR that Material's search worker imports for `languages`, as its setup does
    (a segmenter for Japanese, Hindi and Thai, a stemmer per language, lunr.multi for several): the
    theme ships them for some thirty languages, and the site serves only these."""
    if languages == ["en"]:
        return set()
    scripts = {"min/lunr.stemmer.support.min.js"} | {f"min/lunr.{code}.min.js" for code in languages if code != "en"}
    scripts |= {segmenter for code, segmenter in (("ja", "tinyseg.js"), ("hi", "wordcut.js"), ("th", "wordcut.js")) if code in languages}
    return scripts | ({"min/lunr.multi.min.js"} if len(languages) > 1 else set())


def language_names(codes: list[str]) -> list[str]:
    return [SEARCH[code] for code in codes]


def uses_cjk(report: Report) -> bool:
    return bool(CJK & set(report.languages))

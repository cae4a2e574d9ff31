"""English wording: the article before a genre, counts, lists."""

from __future__ import annotations

import pytest

from generator.wording import and_list, counts, indefinite, pieces


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("article", "an article"),
        ("op-ed", "an op-ed"),
        ("interview", "an interview"),
        ("news release", "a news release"),
        ("climate summary", "a climate summary"),
        ("university report", "a university report"),
        ("hour-long speech", "an hour-long speech"),
        ("European Commission statement", "a European Commission statement"),
    ],
)
def test_a_genre_takes_the_article_its_first_sound_asks_for(noun, expected):
    assert indefinite(noun) == expected


def test_counts_leave_out_the_kinds_there_are_none_of_and_say_one_in_the_singular():
    assert counts([(4, "event", "events"), (0, "claim", "claims"), (1, "list", "lists"), (2, "term", "terms")]) == "4 events, 1 list and 2 terms"
    assert and_list(["a", "b"]) == "a and b"


def test_a_text_is_cut_around_the_names_it_contains_the_longest_first():
    names = {"Fudan University": "fudan", "Institute of China Studies": "ics", "China": "china"}
    assert pieces("researcher at the Institute of China Studies, Fudan University", names) == [
        ("researcher at the ", None),
        ("Institute of China Studies", "ics"),
        (", ", None),
        ("Fudan University", "fudan"),
    ]
    assert pieces("professor", names) == [("professor", None)] and pieces("professor", {}) == [("professor", None)]

"""Dates as a text prints them, found with the language's CLDR patterns, and as the site writes them (generator/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.dates import When, find_dates, format_when

# (text, the date it prints: year, month, day; None where the text leaves it out)
PRINTED = [
    pytest.param("imagery of its Jan. 18 flight", ("Jan. 18", None, 1, 18), id="abbreviated"),
    pytest.param("on Sept. 3, 2021, the rover", ("Sept. 3, 2021", 2021, 9, 3), id="abbreviated-with-year"),
    pytest.param("landed Feb 18, 2021 on Mars", ("Feb 18, 2021", 2021, 2, 18), id="abbreviated-without-stop"),
    pytest.param("On January 27, 2025, just a day after", ("January 27, 2025", 2025, 1, 27), id="full"),
    pytest.param("On February 6, the spokesperson", ("February 6", None, 2, 6), id="full-without-year"),
    pytest.param("from 18 January onwards", ("18 January", None, 1, 18), id="day-first"),
    pytest.param("on 18 Jan 2024 it flew", ("18 Jan 2024", 2024, 1, 18), id="day-first-with-year"),
    pytest.param("By March 2024 the team", ("March 2024", 2024, 3, None), id="month-and-year"),
    pytest.param("In 2023, the helicopter executed", ("2023", 2023, None, None), id="year"),
]


@pytest.mark.parametrize(("text", "expected"), PRINTED)
def test_each_printed_form_of_a_date_is_found_with_its_parts(text, expected):
    [date] = find_dates(text, "en")
    assert (date.text, date.year, date.month, date.day) == expected
    assert text[date.start : date.end] == date.text


def test_a_range_prints_its_start_and_its_end():
    dates = find_dates("from Jan. 22, 2013 through May 30, 2014", "en")
    assert [(d.year, d.month, d.day) for d in dates] == [(2013, 1, 22), (2014, 5, 30)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("May 300 units", id="a-longer-number"),
        pytest.param("sold 12,023 cells", id="a-year-inside-a-number"),
        pytest.param("2023.5 tonnes", id="a-year-inside-a-decimal"),
        pytest.param("on Feb. 30, 2021", id="a-day-that-does-not-exist"),
        pytest.param("1/18th of the cost", id="a-fraction"),
        pytest.param("at 5 p.m. today", id="a-clock-time"),
        pytest.param("Sept 45 people", id="no-such-day"),
    ],
)
def test_what_is_not_a_date_is_not_found(text):
    assert [d.text for d in find_dates(text, "en")] == []


def test_a_printed_date_means_the_date_it_prints_at_the_precision_it_prints():
    [jan_18] = find_dates("on Jan. 18", "en")
    assert jan_18.means(When(2024, 1, 18))
    assert not jan_18.means(When(2024, 1, 19))  # the near miss
    assert not jan_18.means(When(2024, 1))  # a day is not its month
    [in_2023] = find_dates("In 2023", "en")
    assert in_2023.means(When(2023)) and not in_2023.means(When(2023, 8, 2)) and not in_2023.means(When(2024))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-01-18", When(2024, 1, 18)), (dt.date(2024, 1, 18), When(2024, 1, 18)), ("2024-01", When(2024, 1)), ("2023", When(2023)), (2023, When(2023))],
)
def test_a_date_is_a_day_a_month_or_a_year(value, expected):
    assert When.parse(value) == expected
    assert str(When.parse(value)) == str(value)[:10]


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "18 January 2024", "24", True, dt.datetime(2024, 1, 18, 9)])
def test_anything_else_is_not_a_date(value):
    with pytest.raises(ValueError):
        When.parse(value)


def test_a_month_and_a_year_run_from_their_first_day_to_their_last():
    assert (When(2024, 2).first, When(2024, 2).last) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert (When(2023).first, When(2023).last) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert (When(2023, 12).last, When(2024, 1, 18).last) == (dt.date(2023, 12, 31), dt.date(2024, 1, 18))


@pytest.mark.parametrize(
    ("when", "end", "language", "short", "expected"),
    [
        (When(2012, 12, 10), None, "en", False, "10 December 2012"),
        (When(2024, 1), None, "en", False, "January 2024"),
        (When(2023), None, "en", False, "2023"),
        (When(2013, 1, 22), When(2014, 5, 30), "en", False, "22 January 2013 – 30 May 2014"),
        (When(2024, 1, 18), None, "en", True, "18 Jan 2024"),
        (When(2012, 12, 10), None, "en-US", False, "December 10, 2012"),
        (When(2012, 12, 10), None, "fr", False, "10 décembre 2012"),
        (dt.date(2012, 12, 10), None, "zh-Hans", False, "2012年12月10日"),
    ],
)
def test_the_site_writes_a_date_in_its_language(when, end, language, short, expected):
    # CLDR puts thin or narrow spaces around a range's dash: compared as plain spaces
    assert format_when(when, language, end, short=short).replace("\u2009", " ").replace("\u202f", " ") == expected

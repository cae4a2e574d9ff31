"""`report-site todo` reads the text as a reader does: whole sentences, and a printed date as one date of an event."""

from __future__ import annotations

import yaml

from generator.authoring.scaffold import new_project
from generator.authoring.todo import sentence_around, todo_report
from generator.project import find_project

RELEASE = (
    "WASHINGTON, Dec. 10, 2012 -- NASA has awarded $9,589,525 to a team from the U.S. Army in Pasadena, Calif. for the work. "
    "It runs from Jan. 22, 2013 through May 30, 2014, with 3 reviews."
)


def test_a_sentence_runs_past_abbreviations_to_its_real_end():
    first = sentence_around(RELEASE, RELEASE.index("9,589,525"), "en")
    assert first == RELEASE[: RELEASE.index(" It runs")]
    assert sentence_around(RELEASE, RELEASE.index("3 reviews"), "en") == RELEASE[RELEASE.index("It runs") :]


def test_a_sentence_ends_at_a_full_stop_that_ends_it():
    text = "The port grew 4%. Traffic fell 2% in 2024."
    assert sentence_around(text, text.index("2%"), "en") == "Traffic fell 2% in 2024."


def test_a_date_is_as_precise_as_the_text_prints_it_and_a_year_alone_stays_a_number(tmp_path):
    text = "In January 2013 the team flew 2012 times."
    listing, count = todo_report(_project(tmp_path, text))
    records = {entry.split("\n", 1)[0].split(": ", 1)[1][:22]: yaml.safe_load(entry.split("\n", 1)[1])[0] for entry in listing.split("\n\n")[1:]}
    assert records["the date 'January 2013"]["date"] == "2013-01"
    assert "date_note" not in records["the date 'January 2013"]
    assert records["the number '2012' is n"]["printed"] == "2012"
    assert count == 2


def _project(tmp_path, text: str):
    source = tmp_path / "release.txt"
    source.write_text(text + "\n", encoding="utf-8")
    new_project(tmp_path / "release", source)
    return find_project(tmp_path / "release" / "mkdocs.yml")


def test_todo_proposes_one_event_for_a_date_and_facts_for_the_figures_with_whole_sentences(tmp_path):
    project = _project(tmp_path, RELEASE)
    listing, count = todo_report(project)
    text_file = project.data_dir / "source-article.txt"
    paragraph = text_file.read_text(encoding="utf-8").splitlines()[0]
    entries = {entry.split(": ", 1)[0]: entry for entry in listing.split("\n\n")[1:]}
    date_at = f"{text_file}:1:{paragraph.index('Dec. 10') + 1}"
    assert entries[date_at].split("\n")[0].endswith("the date 'Dec. 10, 2012' is not an event's: paste this record into events.yaml (or waive its numbers in waivers.yaml with a reason)")
    event = yaml.safe_load(entries[date_at].split("\n", 1)[1])[0]
    assert (event["date"].isoformat(), event["paragraph"]) == ("2012-12-10", "p1")
    assert event["quote"] == RELEASE[: RELEASE.index(" It runs")]
    # Neither the day nor the year of a printed date is proposed as a figure.
    assert f"{text_file}:1:{paragraph.index('10, 2012') + 1}:" not in listing
    assert f"{text_file}:1:{paragraph.index('2012') + 1}:" not in listing
    money = yaml.safe_load(entries[f"{text_file}:1:{paragraph.index('9,589,525') + 1}"].split("\n", 1)[1])[0]
    assert (money["printed"], money["value"]) == ("$9,589,525", 9589525)
    assert money["quote"] == RELEASE[: RELEASE.index(" It runs")]
    three = yaml.safe_load(entries[f"{text_file}:1:{paragraph.index('3 reviews') + 1}"].split("\n", 1)[1])[0]
    assert three["quote"] == RELEASE[RELEASE.index("It runs") :]
    # Three dates, the money and the count of reviews: no entry for any number inside a date.
    assert count == 5 == len(entries)


def test_a_date_without_its_year_is_proposed_with_the_year_to_check(tmp_path):
    project = _project(tmp_path, "The helicopter flew again on Jan. 18 for 3 minutes.")
    listing, _ = todo_report(project)
    event = yaml.safe_load(next(e for e in listing.split("\n\n") if "'Jan. 18'" in e).split("\n", 1)[1])[0]
    # A new project states no publication date to take the year from: the date itself is left to do.
    assert (event["id"], event["date"]) == ("p1-01-18", "TODO")
    assert event["date_note"].startswith("TODO the text prints no year")

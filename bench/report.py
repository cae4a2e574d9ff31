"""The benchmark's one table (Markdown), its notes, and bench/RESULTS.md with the machine and the date."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from scaling import Scale
from weight import Weight
from zensical_ref import ZensicalResult

OBSERVABLE = 6.2  # seconds: Observable Framework's cold build of a comparable report on this machine (issue #11)
BUDGETS = {
    "warm/plain": 1.15,
    "cold": 0.75 * OBSERVABLE,
    "cold/warm": 2.0,
    "edit loop": 1.5,
    "editions/none": 1.10,  # publishing must not slow the latest build: the store is linked in, not rebuilt
}


@dataclass
class Results:
    """Everything measured; a section that failed has None and its error in `errors`."""

    rounds: int
    builds: dict[str, list[float]]
    weights: list[Weight] | None = None
    loop: dict[str, list[float]] | None = None
    publishing: dict[str, list[float]] | None = None
    stages: dict | None = None
    zensical: ZensicalResult | None = None
    scales: list[Scale] = field(default_factory=list)
    one_x: tuple[str, int, int] | None = None
    """The real report's heaviest topic page: (page id, figures, HTML bytes)."""
    errors: list[str] = field(default_factory=list)


def format_table(results: Results) -> str:
    """One Markdown table of every measurement with its budget, then the notes."""
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    b = results.builds

    def ratio(a: str, c: str) -> list[float]:
        """Scenario a over scenario c, round by round: ratios that hold under one load."""
        return [x / y for x, y in zip(b[a], b[c], strict=True)]

    cold = statistics.median(b["cold"])
    rows += [
        ("**Builds** (DeepSeek report)", "", "", "", "", ""),
        ("cold build: site/, .cache/, jieba cache removed", _s(b["cold"]), _range(b["cold"]), _x(ratio("cold", "plain"), "plain"),
         f"≤ {BUDGETS['cold']:.2f} s (0.75 × Observable Framework's {OBSERVABLE} s)", _verdict(cold <= BUDGETS["cold"])),
        ("cold build ÷ own warm build", _times(ratio("cold", "warm")), _range(ratio("cold", "warm"), "×"), "", "≤ 2×",
         _verdict(statistics.median(ratio("cold", "warm")) <= BUDGETS["cold/warm"])),
        ("warm build: nothing changed", _s(b["warm"]), _range(b["warm"]), _x(ratio("warm", "plain"), "plain"), "≤ 1.15× plain",
         _verdict(statistics.median(ratio("warm", "plain")) <= BUDGETS["warm/plain"])),
        ("edit build: one fact's label changed", _s(b["edit"]), _range(b["edit"]), _x(ratio("edit", "plain"), "plain"), "", ""),
        ("plain MkDocs: same tree and config, no plugin", _s(b["plain"]), _range(b["plain"]), "1×", "", ""),
        ("plain MkDocs without search", _s(b["plain without search"]), _range(b["plain without search"]), _x(ratio("plain without search", "plain"), "plain"), "", ""),
    ]
    if results.zensical is not None:
        rows.append(_zensical_row(results.zensical, b["plain"], notes))

    rows.append(("**Edit loop** under `mkdocs serve`, save → page shows it in Chromium", "", "", "", "", ""))
    if results.loop is not None:
        for kind, what in (("data", "a fact's label in data/facts.yaml"), ("template", "a word of the page frame, templates/layout.md.j2")):
            times = results.loop[kind]
            rows.append((f"edit {what}", _s(times), _range(times), f"{len(times)} edits", "≤ 1.5 s", _verdict(statistics.median(times) <= BUDGETS["edit loop"])))

    rows.append(("**Page weight** (phone, empty cache, served by nginx as in production)", "HTML", "loaded (requests)", "JavaScript", "chart script before interaction: none", ""))
    for w in results.weights or []:
        rows.append((w.page, _kb(w.html), f"{_kb(w.transferred)} ({w.requests})", _kb(w.javascript), _kb(w.chart_script) if w.chart_script else "none", _verdict(w.chart_script == 0)))

    rows += _publishing_rows(results)
    rows += _scaling_rows(results, cold, notes)
    rows += _stage_rows(results, b)

    header = ("Measure", f"Median of {results.rounds}", "Min–max", "Ratio", "Budget", "")
    notes.append(
        f"Rounds run every build scenario in turn, so each ratio is taken within one round (one load on this noisy machine); its median and range are shown. "
        f"Observable Framework's {OBSERVABLE} s is issue #11's measurement on this machine, not re-measured here."
    )
    notes += [f"Failed: {error}" for error in results.errors]
    lines = [_row(header), _row(("---",) * len(header))] + [_row(r) for r in rows]
    return "\n".join(lines) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"


def _zensical_row(z: ZensicalResult, plain: list[float], notes: list[str]) -> tuple[str, ...]:
    for stop in z.stopped:
        notes.append(f"Zensical stopped, {stop}")
    if not z.seconds:
        return ("Zensical on the plain tree (reference)", "did not build", "", "", "", "")
    notes.append(f"Zensical built {z.pages} pages {z.built}.")
    ratio = [t / statistics.median(plain) for t in z.seconds]
    return (f"Zensical on the plain tree (reference; {z.pages} pages, {z.built})", _s(z.seconds), _range(z.seconds), _x(ratio, "plain"), "", "")


def _scaling_rows(results: Results, cold: float, notes: list[str]) -> list[tuple[str, ...]]:
    rows = [("**Scaling**: synthetic reports, cold build once each (bench/synthetic.py)", "", "", "", "", "")]
    per_figure_1x = None
    if results.one_x is not None:
        page, figures, html = results.one_x
        per_figure_1x = html / figures
        rows.append((f"1×: the real report (its heaviest topic page: {page}, {figures} figures)", f"{cold:.2f} s", f"{_kb(html)} HTML, {_kb(per_figure_1x)} per figure", "1×", "", ""))
    for s in results.scales:
        charts = "" if s.chart_copies is None else f", charts only {s.chart_copies}×"
        counts = f"{s.records['facts']} facts, {s.records['paragraphs']} paragraphs, {s.records['charts']} charts" if s.records else "the content"
        what = f"{s.times}×: {counts}{charts}"
        budget = f"≤ {s.times}× of 1× (linear)"
        if s.chart_copies is not None:
            notes.append(f"At {s.times}× only the first {s.chart_copies} copies keep their charts: all {s.times}× of them would not fit in the five-minute budget here.")
        if s.seconds is None:
            over = s.stopped_after >= s.times * cold  # stopped only after the linear bound had passed
            verdict = "" if not s.stopped_after else ": slower than linear" if over else ", before its linear bound: no verdict"
            notes.append(f"{s.times}×: {s.stopped}{verdict}.")
            rows.append((what, "no result", s.stopped, f"> {s.stopped_after / cold:.1f}× of 1×" if s.stopped_after else "", budget, _verdict(False) if over else "unknown"))
            continue
        per_figure = s.html / s.figures
        growth = f", per figure {per_figure / per_figure_1x:.2f}× of 1×" if per_figure_1x else ""
        rows.append((what, f"{s.seconds:.1f} s", f"{s.page}: {s.figures} figures, {_kb(s.html)} HTML, {_kb(per_figure)} per figure{growth}",
                     f"{s.seconds / cold:.1f}× of 1×", budget, _verdict(s.seconds <= s.times * cold)))
    return rows


def _publishing_rows(results: Results) -> list[tuple[str, ...]]:
    p = results.publishing
    if p is None:
        return []
    with_store = [x / y for x, y in zip(p["cold with editions"], p["cold without editions"], strict=True)]
    publish = [x / y for x, y in zip(p["publish"], p["cold with editions"], strict=True)]
    return [
        ("**Editions** (in a repository of the project and its editions store)", "", "", "", "", ""),
        ("publish an edition: tag, build for editions/X/, freeze, commit", _s(p["publish"]), _range(p["publish"]), _x(publish, "cold"), "", ""),
        ("cold build of the latest, serving every edition", _s(p["cold with editions"]), _range(p["cold with editions"]), _x(with_store, "without"),
         "≤ 1.10× without", _verdict(statistics.median(with_store) <= BUDGETS["editions/none"])),
        ("cold build of the latest, no editions store", _s(p["cold without editions"]), _range(p["cold without editions"]), "1×", "", ""),
    ]


def _stage_rows(results: Results, b: dict[str, list[float]]) -> list[tuple[str, ...]]:
    if results.stages is None:
        return []
    first, warm = results.stages["first"], results.stages["warm"]
    kept, generate = results.stages["up_to_date"], results.stages["generate"]
    build = statistics.median(b["warm"])
    search = statistics.median(b["plain"]) - statistics.median(b["plain without search"])
    rows = [("**Where the time goes** (generator stages timed one after the other, in one process)", "warm caches", "first round: empty caches", "share of a warm build", "", "")]
    rows += [(f"generator: {name}", f"{warm[name]:.3f} s", f"{first[name]:.3f} s", "", "", "") for name in warm]
    rows += [
        ("generator in an edit build: all of generate(), in parallel where it can be", f"{generate:.3f} s", f"{sum(first.values()):.3f} s (the stages)", "", "", ""),
        ("generator in a warm build: scheduler.up_to_date() finds the kept output", f"{kept:.3f} s", "", _share(kept, build), "", ""),
        ("MkDocs, with the plugin's hooks and post-build (warm build − up_to_date())", f"{build - kept:.3f} s", "", _share(build - kept, build), "", ""),
        ("of plain MkDocs: the search plugin (plain − plain without search)", f"{search:.3f} s", "", _share(search, statistics.median(b["plain"])) + " of plain", "", ""),
    ]
    return rows


def machine() -> str:
    """CPU model, cores, memory, Python and OS of this machine, in one line."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) * 1024 for line in _lines("/proc/meminfo") if line.startswith("MemTotal:")), 0)
    system = next((line.split("=", 1)[1].strip().strip('"') for line in _lines("/etc/os-release") if line.startswith("PRETTY_NAME=")), platform.system())
    return f"{cpu}, {os.cpu_count()} cores, {memory / 2**30:.0f} GiB RAM, Python {platform.python_version()}, {system} (Linux {platform.release()})"


def write_results(path: Path, table: str, wall: float) -> None:
    """bench/RESULTS.md: the table with the machine and the date it was measured on."""
    path.write_text(
        "# Benchmark results\n\n"
        "Generated by `bench/run.py --write`, do not edit; `make bench` prints a fresh table.\n\n"
        f"- Date: {dt.date.today().isoformat()}\n- Machine: {machine()}\n- Whole benchmark: {wall:.0f} s\n\n"
        f"{table}",
        encoding="utf-8",
    )


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _s(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s"


def _times(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}×"


def _range(values: list[float], unit: str = " s") -> str:
    return f"{min(values):.2f}–{max(values):.2f}{unit}"


def _x(values: list[float], of: str) -> str:
    return f"{statistics.median(values):.2f}× {of} ({min(values):.2f}–{max(values):.2f})"


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}"


def _kb(size: float) -> str:
    return f"{size / 1000:.1f} KB" if size < 1_000_000 else f"{size / 1_000_000:.2f} MB"


def _verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"

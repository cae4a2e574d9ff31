"""Lighthouse on every page of the built site: python scripts/audit.py [--site DIR] [--out DIR] [PATH ...].

Serves site/ with nginx and the committed configuration (deploy/nginx/, through
generator/hosting/nginx.py, as make preview-production does) on a free local port under
the sub-path of its site_url, as the host will serve it, runs
Lighthouse (node_modules/.bin/lighthouse, from `npm ci`) in its default mobile
mode on every page the sitemap lists, writes each report as HTML and JSON to
--out, prints the four scores per page and exits 1 when a page scores below
the thresholds, naming the audits that cost it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.hosting import nginx as hosting

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# The bar, as scores out of 100.
THRESHOLDS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}
# Simulated throttling makes performance depend a little on how busy the machine is: a page
# below the bar is measured again, up to this many runs, and its best run counts.
PERFORMANCE_RUNS = 3
# Lighthouse now and then fails to record its trace of a load ("NO_NAVSTART", "please run Lighthouse
# again"): a run that errors is tried again, up to this many times, before the audit fails.
LIGHTHOUSE_ATTEMPTS = 3


def site_pages(site: Path) -> list[str]:
    """The path of every page the site's sitemap lists, in sitemap order."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)
    return [urlparse(loc.text.strip()).path for loc in locs]


def run_lighthouse(url: str, out: Path) -> dict:
    """Lighthouse's default run (mobile, simulated throttling) on `url`; the JSON report, with HTML beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output=html", f"--output-path={out}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        result = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
        if result.returncode == 0:
            return json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
        print(f"{url}: lighthouse failed (attempt {attempt} of {LIGHTHOUSE_ATTEMPTS}): {result.stderr.strip()[-300:]}", file=sys.stderr, flush=True)
    raise RuntimeError(f"lighthouse failed on {url} {LIGHTHOUSE_ATTEMPTS} times:\n{result.stderr[-3000:]}")


def scores(report: dict) -> dict[str, int]:
    """The four category scores, out of 100."""
    return {name: round(100 * (report["categories"][name]["score"] or 0)) for name in THRESHOLDS}


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits that cost points in a category: id, score and what Lighthouse shows for it."""
    audits = report["audits"]
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            shown = audit.get("displayValue") or audit["title"]
            lines.append(f"{ref['id']} (score {audit['score']:.2f}): {shown}")
    return lines


def errored_audits(report: dict) -> list[str]:
    """Scored audits that could not run: Lighthouse leaves them out of the score, so they count as failures here."""
    audits = report["audits"]
    return [
        f"{ref['id']} ({category}) did not run: {audits[ref['id']].get('errorMessage', '')[:200]}"
        for category in THRESHOLDS
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["scoreDisplayMode"] == "error"
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="page paths under the site, e.g. costs/ (default: every page in the sitemap)")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "audit-reports")
    parser.add_argument("--runs", type=int, default=PERFORMANCE_RUNS, help="most runs for a page below the performance bar")
    args = parser.parse_args()
    for need, hint in ((LIGHTHOUSE, "run `npm ci`"), (Path(CHROMIUM), "install chromium or set CHROME_PATH"), (args.site / "sitemap.xml", "build the site")):
        if not need.exists():
            print(f"{need} is missing: {hint}", file=sys.stderr)
            return 2

    pages = site_pages(args.site)
    mount = os.path.commonpath(pages) + "/" if len(pages) > 1 else "/"
    if args.paths:
        pages = [mount + path.lstrip("/") for path in args.paths]
    for old in args.out.glob("*.report.*"):  # no report of an earlier run may pass for one of this run
        old.unlink()
    started = time.monotonic()
    rows, failures = [], []
    with hosting.running(args.site, mount, Path(tempfile.mkdtemp(prefix="audit-nginx-"))) as url:
        origin = url.removesuffix(mount)
        for path in pages:
            name = path[len(mount):].strip("/").replace("/", "_") or "index"
            report = run_lighthouse(origin + path, args.out / name)
            result, runs = scores(report), 1
            for attempt in range(2, args.runs + 1):
                if result["performance"] >= THRESHOLDS["performance"]:
                    break
                retry, runs = run_lighthouse(origin + path, args.out / f"{name}-run{attempt}"), attempt
                if scores(retry)["performance"] > result["performance"]:
                    report, result = retry, scores(retry)
            rows.append((path, result, runs))
            below = [category for category, bar in THRESHOLDS.items() if result[category] < bar]
            print(f"{path}: " + ", ".join(f"{c} {s}" for c, s in result.items()), file=sys.stderr, flush=True)
            for category in below:
                failures.append(f"{path} {category} {result[category]} < {THRESHOLDS[category]}:")
                failures.extend(f"    {line}" for line in failing_audits(report, category))
            failures.extend(f"{path} {line}" for line in errored_audits(report))

    width = max(len(path) for path, _, _ in rows)
    print(f"\n{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in THRESHOLDS) + "  runs")
    for path, result, runs in rows:
        print(f"{path:<{width}}  " + "  ".join(f"{result[c]:>14}" for c in THRESHOLDS) + f"  {runs:>4}")
    print(f"\n{len(rows)} pages in {time.monotonic() - started:.0f} s; reports in {args.out}")
    if failures:
        print("\nBelow the bar (" + ", ".join(f"{c} {b}" for c, b in THRESHOLDS.items()) + "):")
        print("\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

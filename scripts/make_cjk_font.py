"""Cut the site's Chinese web font: Noto Sans SC holding only the characters the data uses.

Usage: .venv/bin/python scripts/make_cjk_font.py [--source PATH]
Needs Debian's fonts-noto-cjk (`make test` installs it). Writes
docs/fonts/noto-sans-sc-subset.woff2, a few KB, which the site's stylesheet
loads only on pages that show Chinese (via unicode-range). Run it again
whenever the data gains a Chinese character: tests/test_site.py fails until
the font covers every one.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = ROOT / "docs" / "fonts" / "noto-sans-sc-subset.woff2"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def used_characters(data_dir: Path) -> str:
    """Every CJK character in the data (and so on the site), sorted."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(data_dir.iterdir()) if p.suffix in {".yaml", ".txt"})
    return "".join(sorted(set(CJK.findall(text))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args()
    characters = used_characters(ROOT / "data")
    collection = TTCollection(args.source)
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))  # Noto Sans CJK SC
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the copyright and licence (SIL OFL) in the file
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(characters)} characters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()

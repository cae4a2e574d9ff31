"""Cut the site's Chinese web font: Noto Sans SC holding only the characters the data uses.

`report-site font` (in this repository `make font`) needs fontTools and
Debian's fonts-noto-cjk (`make test` installs both). It writes
docs/fonts/noto-sans-sc-subset.woff2, a few KB, which the site's stylesheet
for Chinese (templates/cjk/) loads only on pages that show Chinese (via
unicode-range). Run it again whenever the data gains a Chinese character:
the tests fail until the font covers every one.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import GeneratorError
from generator.project import Project

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT = "fonts/noto-sans-sc-subset.woff2"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def used_characters(data_dir: Path) -> str:
    """Every CJK character in the data (and so on the site), sorted."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(data_dir.iterdir()) if p.suffix in {".yaml", ".txt"})
    return "".join(sorted(set(CJK.findall(text))))


def cut_font(project: Project, source: Path = SOURCE) -> str:
    """Write the subset into the project's docs/; return what was written."""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTCollection
    except ImportError:
        raise GeneratorError("report-site font needs fontTools: pip install fonttools brotli") from None
    if not source.exists():
        raise GeneratorError(f"{source}: no such font; on Debian: apt-get install fonts-noto-cjk")
    characters = used_characters(project.data_dir)
    if not characters:
        return f"{project.data_dir}: the data uses no Chinese characters; no font needed"
    collection = TTCollection(source)
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))  # Noto Sans CJK SC
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the copyright and licence (SIL OFL) in the file
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = project.docs_dir / FONT
    out.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(out)
    return f"{out}: {len(characters)} characters, {out.stat().st_size} bytes"

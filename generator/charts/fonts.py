"""The fonts charts are measured and drawn in, the same on every machine."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from generator.environment import setting


@functools.cache
def own_fonts() -> None:
    """Have vl-convert measure and draw text in the Liberation Sans it is built with, and in Noto Sans CJK for Chinese.

    vl-convert's font database (fontdb) takes every font fontconfig lists, once per process, and opens and maps a font
    file again for each glyph it measures. The Liberation Sans compiled into vl-convert is in memory, and is the same
    font (it draws the same SVG, its PNGs differ in antialiasing). So the database is filled under a fontconfig file
    listing only the directory of the font the site's Chinese is cut from (derive/font.py): charts measure the same on
    every machine, whatever else it has installed. The setting is undone at once, before anything started from this
    process (Chromium, under the tests) could inherit it.
    """
    import vl_convert  # deferred: a chart worker imports it beside Altair, not before it forks

    from generator.derive.font import SOURCE as CJK_FONT

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "fonts.conf"
        config.write_text(f"<fontconfig><dir>{escape(str(CJK_FONT.parent))}</dir></fontconfig>\n", encoding="utf-8")
        with setting("FONTCONFIG_FILE", str(config)):
            vl_convert.svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')  # fills the database

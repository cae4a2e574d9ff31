"""One Altair theme for the whole site, in a light and a dark variant.

The colours match Material's default (light) and slate (dark) palettes; the
series colours are the Okabe–Ito set, safe for the common colour-vision
deficiencies, in an order where neighbours differ in lightness too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Material's system font stack (the site sets `font: false`, so no web fonts).
FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'


@dataclass(frozen=True)
class Theme:
    background: str
    text: str
    muted: str
    grid: str
    series: tuple[str, ...]
    land: str
    """Countries a map shows for context only: close to the background; a marked country stands out from both by 3:1."""

    @property
    def mark(self) -> str:
        """The colour of what a map or tile grid marks (the grid's tiles have always been this colour)."""
        return self.series[1]

    @property
    def config(self) -> dict:
        """The Vega-Lite `config` for this palette."""
        return _config(self.background, self.text, self.grid)

    def text_on(self, fill: str) -> str:
        """The colour for a label printed inside a bar or tile of colour `fill`: white or near-black, whichever contrasts more.

        No single label colour reaches WCAG's 4.5:1 on every Okabe–Ito colour (white on
        vermilion is 3.9:1, near-black on blue 4.0:1), so each fill gets its own.
        """
        return max(ON_FILL, key=lambda colour: contrast_ratio(colour, fill))


# Label colours inside filled marks (see Theme.text_on).
ON_FILL = ("#ffffff", "#111111")


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _config(background: str, text: str, grid: str) -> dict:
    axis = {
        "labelColor": text,
        "titleColor": text,
        "domainColor": grid,
        "tickColor": grid,
        "gridColor": grid,
        "labelFont": FONT,
        "titleFont": FONT,
        "labelFontSize": 13,
        "titleFontSize": 13,
        "titleFontWeight": "normal",
        "labelPadding": 6,
    }
    return {
        "background": background,
        "font": FONT,
        "view": {"stroke": None},
        "axis": axis,
        "legend": {"labelColor": text, "titleColor": text, "labelFont": FONT, "labelFontSize": 13},
        "title": {
            "color": text,
            "font": FONT,
            "fontSize": 15,
            "fontWeight": 600,
            "subtitleColor": text,
            "subtitleFont": FONT,
            "subtitleFontSize": 13,
        },
        "text": {"font": FONT, "fontSize": 13, "color": text},
    }


LIGHT = Theme(
    background="#ffffff",
    text="#1f2328",
    muted="#8c959f",
    grid="#d0d7de",
    series=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"),
    land="#e6e8eb",
)

# Material's slate scheme: background hsl(232, 15%, 14%) ≈ #1e2129.
DARK = Theme(
    background="#1e2129",
    text="#e2e4e9",
    muted="#7d8590",
    grid="#3d4250",
    series=("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#0072B2"),
    land="#3a3f4c",
)

THEMES = {"light": LIGHT, "dark": DARK}


# --- drawing once for every palette ---------------------------------------------------------------
# A chart's layout never depends on its colours, so each chart is drawn once, in stand-in colours
# (one per role of the palette), and the drawing's text (Vega-Lite spec, SVG) recoloured into each
# palette: the SVG Vega draws writes a colour exactly as the spec gives it. A test compares the
# recoloured drawings with drawings made in each palette directly.

_ROLES = ("background", "text", "muted", "grid", "land")
assert len({len(theme.series) for theme in THEMES.values()}) == 1, "every palette needs as many series colours"


def _stand_in(index: int) -> str:
    return f"#0c0a{index:02x}"


def _stand_in_on(colour: str) -> str:
    """The stand-in for the label colour printed on a fill of stand-in colour `colour`."""
    return f"#0c0b{colour[-2:]}"


STAND_IN_PATTERN = re.compile(r"#0c0[ab][0-9a-f]{2}")


@dataclass(frozen=True)
class StandIns(Theme):
    """The palette of stand-in colours: a label on a fill gets the stand-in of whatever the real palette puts there."""

    def text_on(self, fill: str) -> str:
        return _stand_in_on(fill)


STAND_INS = StandIns(
    **{role: _stand_in(i) for i, role in enumerate(_ROLES)},
    series=tuple(_stand_in(len(_ROLES) + i) for i in range(len(LIGHT.series))),
)


def recolouring(theme: Theme) -> dict[str, str]:
    """Each stand-in colour → `theme`'s colour for that role."""
    colours = {getattr(STAND_INS, role): getattr(theme, role) for role in _ROLES}
    colours.update(zip(STAND_INS.series, theme.series))
    colours.update({_stand_in_on(stand_in): theme.text_on(colour) for stand_in, colour in list(colours.items())})
    return colours


def recolour(text: str, colours: dict[str, str]) -> str:
    """`text` (a spec or an SVG drawn in the stand-in colours) in the colours of one palette."""
    return STAND_IN_PATTERN.sub(lambda match: colours[match.group()], text)

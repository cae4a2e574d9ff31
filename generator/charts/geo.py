"""Country shapes for the `map` chart kind.

The shapes are Natural Earth's 1:110m countries as the npm package
world-atlas ships them (TopoJSON, public domain data), fetched into
`vendor/` by generator/charts/vendor.py. The build reads that file and never the
network; the reader gets only what the charts make of it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from generator.errors import MissingShapes

WORLD_FILE = Path("world-atlas") / "countries-110m.json"
ANTARCTICA = "010"  # left off: it would take a fifth of the map and no article is about it


@dataclass(frozen=True, eq=False)  # hashed by identity, for the cache of label points
class World:
    topology: dict
    """TopoJSON with one object, `countries`; each geometry's id is its ISO 3166-1 numeric code."""
    names: dict[str, str]
    """Country code → Natural Earth's name, e.g. `410` → `South Korea`."""

    def label_point(self, code: str) -> tuple[float, float]:
        """(longitude, latitude) to mark a country at: the centroid of its largest polygon (the US's is not in Alaska)."""
        return _label_points(self)[code]


# Grid steps per 360° of longitude (and 180° of latitude) the shapes are snapped to: a step is
# a third of a pixel on the widest map, and snapping drops the points that then coincide, which
# halves the drawing a reader downloads without a visible change.
QUANTIZATION = 1200


def load_world(vendor_dir: Path) -> World:
    """The world's countries, from the vendored world-atlas file, snapped to a grid the maps can show."""
    path = vendor_dir / WORLD_FILE
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingShapes(f"{path}: missing; a map chart needs it: run `make vendor` (python3 -m generator.charts.vendor vendor)") from None
    countries = topology["objects"]["countries"]
    geometries = [g for g in countries["geometries"] if g.get("id") != ANTARCTICA]
    kept = {
        "type": "Topology",
        "objects": {"countries": {**countries, "geometries": geometries}},
        **_requantized(topology, QUANTIZATION),
    }
    return World(kept, {g["id"]: g["properties"]["name"] for g in geometries if "id" in g})


def _requantized(topology: dict, steps: int) -> dict:
    """The arcs on a coarser grid, repeated points dropped (each arc keeps its two ends, so rings stay closed)."""
    scale = (360 / steps, 180 / steps)
    translate = (-180.0, -90.0)
    arcs = []
    for points in _decode_arcs(topology):
        snapped = [(round((x - translate[0]) / scale[0]), round((y - translate[1]) / scale[1])) for x, y in points]
        kept = [p for i, p in enumerate(snapped) if i in (0, len(snapped) - 1) or p != snapped[i - 1]]
        arcs.append([kept[0]] + [(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in pairwise(kept)])
    return {"arcs": [[list(p) for p in arc] for arc in arcs], "transform": {"scale": list(scale), "translate": list(translate)}}


@cache
def _label_points(world: World) -> dict[str, tuple[float, float]]:
    arcs = _decode_arcs(world.topology)
    points = {}
    for geometry in world.topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        rings = [_ring(polygon[0], arcs) for polygon in polygons if polygon]
        if rings and "id" in geometry:
            points[geometry["id"]] = _centroid(max(rings, key=lambda ring: abs(_area(ring))))
    return points


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Arcs in longitude and latitude: TopoJSON quantises them and stores each point as a delta from the last."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x, y = x + step_x, y + step_y
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def _area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    area = _area(ring)
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    return round(cx / (6 * area), 2), round(cy / (6 * area), 2)


# Drawn paths: a point closer than this (in pixels) to the last one kept adds nothing visible,
# and neither does an island smaller than this across.
_MIN_STEP = 1.0
_MIN_ISLAND = 1.5
_SHAPE = re.compile(r'<path transform="translate\(0,0\)" d="(M[0-9.,\-MLZ]*)"([^>]*)/>')
_SHAPE_DATA = re.compile(r'(?<= d=")M[0-9.,\-MLZ]*(?=")')  # absolute: not compacted yet


def compact_svg_paths(svg: str) -> str:
    """Shape outlines in an SVG, with invisible detail dropped: points within a pixel of the last kept
    one, islands under a pixel and a half, coordinates to a tenth of a pixel, each step relative to
    the last; and neighbouring shapes of one style drawn as one path (a static map needs no more)."""
    out, end, run = [], 0, []  # run: the adjacent shapes of one style waiting to be written as one path

    def flush() -> None:
        if run:
            out.append(f'<path d="{_compact_path("".join(d for d, _ in run))}"{run[0][1]}/>')
            run.clear()

    for match in _SHAPE.finditer(svg):
        if match.start() != end or (run and run[0][1] != match.group(2)):
            flush()
            out.append(svg[end : match.start()])
        run.append((match.group(1), match.group(2)))
        end = match.end()
    flush()
    out.append(svg[end:])
    # Shapes that carry their own attributes (a marked country's label, say) keep their element.
    return _SHAPE_DATA.sub(lambda match: _compact_path(match.group()), "".join(out))


def _compact_path(d: str) -> str:
    out = []
    last = (0.0, 0.0)
    for subpath in d.split("M")[1:]:
        closed = subpath.endswith("Z")
        points = [tuple(float(v) for v in p.split(",")) for p in subpath.rstrip("Z").split("L")]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        if closed and max(xs) - min(xs) < _MIN_ISLAND and max(ys) - min(ys) < _MIN_ISLAND and len(out) > 0:
            continue  # the first subpath stays, so no path is left empty
        kept = [points[0]]
        for point in points[1:-1]:
            if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= _MIN_STEP:
                kept.append(point)
        kept += points[-1:] if len(points) > 1 else []
        rounded = [(round(x, 1), round(y, 1)) for x, y in kept]
        # Deltas between rounded points: relative steps that never drift from the absolute ones.
        lines = [_num(v) for (x0, y0), (x1, y1) in pairwise(rounded) for v in (x1 - x0, y1 - y0)]
        move = _join([_num(rounded[0][0] - last[0]), _num(rounded[0][1] - last[1])])
        out.append("m" + move + ("l" + _join(lines) if lines else "") + ("z" if closed else ""))
        last = rounded[0] if closed else rounded[-1]
    return "".join(out)


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _join(numbers: list[str]) -> str:
    """Numbers as SVG path data, a comma only where the next would run on into the last
    (`-` always starts a new number, and so does `.` after a number that has one)."""
    out = numbers[0]
    for previous, number in pairwise(numbers):
        starts_anew = number.startswith("-") or (number.startswith(".") and "." in previous)
        out += number if starts_anew else "," + number
    return out

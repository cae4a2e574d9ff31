"""The package reads as its pipeline: each subpackage imports only those below it (README, "Floor plan").

Imports at a module's top run one way, down this list. An import made inside a function may go up only when it says
why it is deferred, on its own line (`# deferred: ...`): the speed-ups that keep a build from importing what it does
not need, never a way around the order.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"

LAYERS = [
    {"errors", "environment", "memo", "git", "generated", "dates", "wording"},
    {"model"},
    {"project"},
    {"editions"},
    {"derive"},
    {"charts"},
    {"cite"},
    {"pages"},
    {"pipeline"},
    {"hosting"},
    {"speed"},
    {"authoring"},
    {"plugin"},
    {"cli", "__main__"},
]
"""Bottom to top: a part of generator/ (a subpackage or a top-level module) and the layer it sits on."""


def _part(module: str) -> str:
    """The top-level part of generator/ a dotted module name belongs to (`generator.speed.kept` → `speed`)."""
    return module.split(".")[1] if module.count(".") else "__init__"


def _layer(part: str) -> int:
    return next(number for number, parts in enumerate(LAYERS) if part in parts)


def _imports(path: Path) -> list[tuple[str, int, bool, str]]:
    """(imported generator module, line, whether at the module's top, the source line) of each import in `path`."""
    module = "generator." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").splitlines()
    top = {id(node) for node in tree.body} | {id(n) for node in tree.body if isinstance(node, ast.If) for n in node.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.startswith("generator"):
                names = [f"{base}.{alias.name}" for alias in node.names] if base.count(".") < 1 else [base]
                found += [(name, node.lineno, id(node) in top, lines[node.lineno - 1]) for name in names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, id(node) in top, lines[node.lineno - 1]) for alias in node.names if alias.name.startswith("generator.")]
    return found


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "templates" not in path.parts)


def test_every_part_of_the_package_has_its_place_in_the_floor_plan():
    parts = {path.relative_to(PACKAGE).parts[0].removesuffix(".py") for path in _modules()} - {"__init__"}
    placed = set().union(*LAYERS)
    assert parts == placed, f"not in LAYERS: {sorted(parts - placed)}; in LAYERS but gone: {sorted(placed - parts)}"


def test_imports_between_parts_of_the_package_run_downward():
    upward = []
    for path in _modules():
        here = _part("generator." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        for target, line, at_top, text in _imports(path):
            there = _part(target)
            if there in ("__init__", here) or _layer(there) <= _layer(here):
                continue
            if not at_top and "deferred" in text:
                continue
            upward.append(f"generator/{path.relative_to(PACKAGE)}:{line}: {here} imports {target} ({there}, above it): {text.strip()}")
    assert not upward, "\n".join(upward)


def test_no_two_modules_import_each_other_at_their_top():
    graph: dict[str, set[str]] = {}
    for path in _modules():
        module = "generator." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        graph[module] = {target for target, _, at_top, _ in _imports(path) if at_top}
    seen: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> list[str] | None:
        if seen.get(module) == 1:
            return [*trail, module]
        if seen.get(module) == 2 or module not in graph:
            return None
        seen[module] = 1
        for target in sorted(graph[module]):
            if (circle := visit(target, [*trail, module])) is not None:
                return circle
        seen[module] = 2
        return None

    for module in sorted(graph):
        circle = visit(module, [])
        assert circle is None, " → ".join(circle)

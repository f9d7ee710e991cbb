"""The imports point down: pure packages on the ground, the read side beside the write path
and below the web, display on its own floor, and no cycle anywhere (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("catalog", "printer", "queue_server", "display")
WEB_FRAMEWORKS = ("flask", "flask_socketio", "flask_login", "flask_wtf", "flask_limiter",
                  "socketio", "engineio")
DATABASE = ("sqlalchemy", "alembic", "psycopg")
# The write path and what it stands on: never the read side, the web or the workers.
WRITE_SIDE = ("queue_server.tickets", "queue_server.windows", "queue_server.overrides",
              "queue_server.staff", "queue_server.queues", "queue_server.db",
              "queue_server.models", "queue_server.numbering", "queue_server.router",
              "queue_server.rhythm", "queue_server.events", "queue_server.hall",
              "queue_server.settings", "queue_server.clock", "queue_server.errors",
              "queue_server.printer_link", "queue_server.ratings", "queue_server.rating_rules",
              "queue_server.refusals", "queue_server.kiosks", "queue_server.cards",
              "queue_server.sessions")
ABOVE = ("queue_server.web", "queue_server.realtime", "queue_server.app",
         "queue_server.workers", "display")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else \
        module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for package in PACKAGES
               for p in (ROOT / package).rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        # a module's own packages run before it whatever it imports: not an arrow
        ancestors = {name.rsplit(".", k)[0] for k in range(1, name.count(".") + 1)}
        edges[name] = {m for m in imports_of(path) if m in modules and m != name
                       and m not in ancestors}
    return edges


GRAPH = graph()


def under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def imported_names(module: str) -> set[str]:
    path = next(p for package in PACKAGES for p in (ROOT / package).rglob("*.py")
                if module_name(p) == module)
    return imports_of(path)


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if under(m, ("catalog", "printer"))))
def test_pure_packages_know_no_web_no_database_no_application(module):
    names = imported_names(module)
    wrong = {n for n in names if under(n, WEB_FRAMEWORKS + DATABASE + ("queue_server",
                                                                       "display"))}
    assert not wrong, f"{module} imports {sorted(wrong)}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if under(m, ("display",))))
def test_display_stands_on_its_own_floor(module):
    wrong = {n for n in imported_names(module) if under(n, ("queue_server",) + DATABASE)}
    assert not wrong, f"{module} imports {sorted(wrong)}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if under(m, WRITE_SIDE)))
def test_the_write_path_knows_no_screen_no_web(module):
    names = imported_names(module)
    wrong = {n for n in names if under(n, ABOVE + ("queue_server.screens",) + WEB_FRAMEWORKS)}
    assert not wrong, f"{module} imports {sorted(wrong)}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if under(m, ("queue_server.screens",))))
def test_the_read_side_stands_below_the_web_and_beside_the_write_path(module):
    names = imported_names(module)
    writers = ("queue_server.tickets", "queue_server.windows", "queue_server.spool",
               "queue_server.scheduler", "queue_server.staff", "queue_server.ratings")
    wrong = {n for n in names if under(n, ABOVE + writers + ("flask",))}
    assert not wrong, f"{module} imports {sorted(wrong)}"


def test_no_module_imports_itself_back_through_others():
    cycles, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target] if target in path
                              else [module, target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_checks_see_the_imports_they_guard():
    """The graph is real: the app factory wires the screens, the board blueprint and the web."""
    assert {"queue_server.screens", "display", "queue_server.realtime"} <= GRAPH[
        "queue_server.app"]
    assert "queue_server.queues" in GRAPH["queue_server.tickets"]

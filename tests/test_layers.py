"""The import graph follows the layers: no import of otdel.* runs up, and no cycle joins two apps.

Read from the source with `ast` (no import-linter: its contracts name modules, not our layers,
and it skips nothing we need; sixty lines of our own cover module-level and lazy imports alike).
Layers, bottom to top; a module may import its own layer (if no cycle forms) and any layer below.
No exception is allowed. Where an app below needs something of an app above, the app above hands
it in from its AppConfig.ready() through a register_* function of the app below: org's range of
caps, base's shares of visible companies and a merge's hand-over of activities, the algorithm's
deal papers, deals' paper facts, change of lines and deal page parts (from billing and
documents), billing's hand-off after a payment, plans' monthly pay plan writer.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "otdel"

LAYERS = (
    # Utilities shared by every app; they know no app.
    (
        "otdel",
        "db",
        "days",
        "numbers",
        "pdf",
        "exports",
        "charts",
        "refusal",
        "apiutils",
        "web",
        "menu",
        "admin_views",
        "display",
        "recorded",
        "formats",
        "envfile",
        "widgets",
    ),
    ("org",),
    # The algorithm's stages and allowed moves: a company's state is a stage code.
    ("stages",),
    ("base",),
    ("algorithm",),
    # Within this layer (no cycle allowed): catalog -> deals, orders -> billing -> documents.
    # needs (issue 19): the first meeting's needs record that the proposal is built from.
    ("prospecting", "deals", "billing", "documents", "catalog", "orders", "needs"),
    ("segments", "pay", "plans"),
    # The client department, complaints and growth, the import from another CRM, the reports.
    ("clients", "care", "crmimport", "reports"),
    # Settings write into many apps, each through its own service.
    ("control", "setup"),
    # Meetings and reviews, the audit: they read the control figures.
    ("meetings", "audit"),
    # How the method is taught and kept (issue 19): materials, scripts and objections, training,
    # hiring and onboarding, pilots of a changed setting.
    ("materials", "playbook", "training", "hiring", "pilot"),
    # The standard: the whole sales system exported and imported as one file; it reads them all.
    ("standard",),
    # Backups read every table through the database's own tools; they import no app.
    ("api", "demo", "backup"),
    ("urls", "settings", "cli", "wsgi", "gunicorn_conf"),
)
LEVEL = {part: level for level, parts in enumerate(LAYERS) for part in parts}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every otdel.* module this file imports, at module level or inside a function."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from otdel import days` and `from . import rules` import modules, not names.
            if base.count(".") < 2 if base.startswith("otdel") else False:
                found |= {f"{base}.{alias.name}" for alias in node.names}
            else:
                found.add(base)
    return {module for module in found if module == "otdel" or module.startswith("otdel.")}


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else "otdel"


def _graph() -> dict[str, set[str]]:
    return {
        _module_name(path): _imports(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
    }


def _cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of two or more apps (Tarjan would do; the graph is small)."""

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    groups = {frozenset({a} | {b for b in reach(a) if a in reach(b)}) for a in edges}
    return sorted((g for g in groups if len(g) > 1), key=sorted)


def test_every_part_of_the_package_has_a_layer():
    parts = {_part(module) for module in _graph()}
    assert parts - set(LEVEL) == set()


def test_no_import_runs_up_the_layers():
    upward = sorted(
        (source, target)
        for source, targets in _graph().items()
        for target in targets
        if LEVEL[_part(target)] > LEVEL[_part(source)]
    )
    assert upward == []


def test_no_cycle_joins_two_apps():
    app_edges: dict[str, set[str]] = {}
    for source, targets in _graph().items():
        for target in targets:
            # An arrow between layers closes a cycle only with an upward arrow, reported above.
            if _part(source) != _part(target) and LEVEL[_part(source)] == LEVEL[_part(target)]:
                app_edges.setdefault(_part(source), set()).add(_part(target))
    assert [set(c) for c in _cycles(app_edges)] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from otdel import days", {"otdel.days"}),
        ("from otdel.algorithm.services import RuleRefused", {"otdel.algorithm.services"}),
        ("def f():\n    from otdel.deals.models import Deal", {"otdel.deals.models"}),
        ("from .models import Company", {"otdel.base.models"}),
        ("from . import rules", {"otdel.base.rules"}),
    ],
)
def test_the_reader_sees_every_kind_of_import(tmp_path, monkeypatch, source, expected):
    module = tmp_path / "otdel" / "base" / "views.py"
    module.parent.mkdir(parents=True)
    module.write_text(source)
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "otdel")
    assert _imports(module) == expected

"""Views, API modules, forms and management commands write nothing themselves: every write goes
through the app's service, which locks, checks the method and keeps the history.

Read from the source with `ast`; the demo (it builds a whole company at once) and the migrations
are outside. `form.save(commit=False)` only fills an unsaved row for a service, so it passes.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "otdel"
WRITES = {"save", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
WRITES |= {"update", "delete"}


def _is_thin(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    if parts[0] == "demo" or "migrations" in parts:
        return False
    return path.name in {"views.py", "api.py", "forms.py"} or "commands" in parts


def _writes(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITES:
            continue
        unsaved = any(
            k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in node.keywords
        )
        if not (node.func.attr == "save" and unsaved):
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def test_no_view_api_form_or_command_writes_a_model_itself():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line} {call}()"
        for path in sorted(PACKAGE.rglob("*.py"))
        if _is_thin(path)
        for line, call in _writes(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "source",
    [
        "company.save()",
        "Source.objects.get_or_create(name=name)",
        "Deal.objects.filter(pk=1).update(status='won')",
        "contact.delete()",
        "Phone.objects.bulk_create(rows)",
        "serializer.save()",
    ],
)
def test_the_reader_sees_a_direct_write(source):
    assert len(_writes(source)) == 1


def test_the_reader_lets_an_unsaved_form_row_pass():
    assert _writes("company = form.save(commit=False)") == []

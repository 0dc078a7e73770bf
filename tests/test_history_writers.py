"""One writer per history table (issue 12, item 5): the company's history is written only by
base services, a deal's only by deals services; every other app calls them."""

import ast
from pathlib import Path

import pytest

import otdel

ROOT = Path(otdel.__file__).parent
WRITERS = {
    "CompanyEvent": "base/services.py",
    "DealEvent": "deals/services.py",
    "CareEvent": "care/services.py",
    "CandidateEvent": "hiring/services.py",
}
WRITES = {"create", "bulk_create", "update", "update_or_create", "get_or_create", "delete"}


def history_writes(model: str) -> set[str]:
    """Files outside migrations that call a write method on the model's manager or hand the
    model to a bulk insert."""
    found = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            chain = ast.unparse(func)
            if (
                isinstance(func, ast.Attribute)
                and func.attr in WRITES
                and chain.startswith(f"{model}.objects")
            ):
                found.add(str(path.relative_to(ROOT)))
            if chain.endswith("insert_rows") and node.args and ast.unparse(node.args[0]) == model:
                found.add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("model", sorted(WRITERS))
def test_history_has_one_writer(model):
    assert history_writes(model) == {WRITERS[model]}

"""The hand-off moved to rules.py (HandoffRule, pick_farmer), selectors.py (candidates,
farmers_by_load) and services.py (company_handoff, company_keep_with_hunter, run_handoff).
This name stays only for otdel/api/views.py, which another branch of issue 13 moves into the
apps' api.py files; delete it once that import reads otdel.segments.services."""

from .services import run_handoff

__all__ = ["run_handoff"]

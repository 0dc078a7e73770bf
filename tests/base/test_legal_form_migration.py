"""The companies already in the base get their legal form apart from the name (issue 14), and
the migration goes back too."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _node(executor: MigrationExecutor, suffix: str) -> tuple[str, str]:
    return next(n for n in executor.loader.graph.nodes if n[0] == "base" and n[1].endswith(suffix))


@pytest.mark.django_db(transaction=True)
def test_names_are_split_and_joined_back():
    executor = MigrationExecutor(connection)
    split = _node(executor, "_legal_form_apart")
    (before,) = executor.loader.graph.node_map[split].parents
    before = before.key
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps.get_model("base", "Company")
    typed = {
        "ООО «Уралхиммаш-Сервис»": "",
        "Akzo Nobel, N.V.": "",
        "Вектор Плюс": "",
        "Альфа": "АО",  # entered apart already
        "ЗАО «Гамма»": "АО",  # the field says another form: left as typed
    }
    for name, form in typed.items():
        old.objects.create(legal_name=name, legal_form=form, search_name=name.casefold())

    executor = MigrationExecutor(connection)
    executor.migrate([split])
    new = executor.loader.project_state([split]).apps.get_model("base", "Company")
    rows = set(new.objects.values_list("legal_form", "legal_name", "search_name"))
    assert rows == {
        ("ООО", "Уралхиммаш-Сервис", "уралхиммаш-сервис"),
        ("N.V.", "Akzo Nobel", "akzo nobel"),
        ("", "Вектор Плюс", "вектор плюс"),
        ("АО", "Альфа", "альфа"),
        ("АО", "ЗАО «Гамма»", "зао «гамма»"),
    }
    assert [n for (n,) in new.objects.order_by("search_name").values_list("legal_name")][:2] == [
        "Akzo Nobel",
        "Альфа",
    ]

    executor = MigrationExecutor(connection)
    executor.migrate([before])
    rows = set(old.objects.values_list("legal_form", "legal_name"))
    assert rows == {
        ("", "ООО «Уралхиммаш-Сервис»"),
        ("", "Akzo Nobel N.V."),
        ("", "Вектор Плюс"),
        ("", "АО «Альфа»"),
        ("", "АО «ЗАО «Гамма»»"),
    }
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

"""The sections of the standard and how an app plugs its own in.

A standard file is one YAML mapping: `otdel_standard: 1` (the format), `version:` (the number
the company gives its standard), then one key per section in the order of the registry below.
A section is made of groups, each one of two shapes the file, the validation and the diff all
share:

- a *row*: one settings row, a mapping of field -> value (e.g. `rules.settings`);
- a *collection*: items by their natural key (a stage's code, a pay scheme's name, never a
  database id), each item a mapping of field -> value (e.g. `algorithm.stages.new`).

Every field is declared with its type (`Field`), in the order the file writes it; the import
refuses a file whose item lacks a declared field, has one it does not know, or has a value of
the wrong type, naming the section, the item and the field.

An app that comes later (the materials index, scripts and objections, training, the hiring
portrait, onboarding templates) adds its section from its AppConfig.ready():

    from otdel.standard.sections import Field, Group, register_section

    register_section(
        "materials",
        export=selectors.materials_standard,      # () -> {group: row or {key: item}}
        apply=services.materials_standard_apply,  # (data, acting_user) -> notes or None
        groups=[Group("files", fields=[Field("title", str), Field("tags", list)])],
        order=900,
    )

`export` reads the app's configuration as plain data (str, int, bool, str for a decimal, list,
dict); `apply` makes the installation match it inside the import's one transaction, through
the app's own services, raising `django.core.exceptions.ValidationError` (a field's, or a
`StandardRefused` naming the place) to refuse. Sections are written and applied in ascending
`order` (the built-in ones take 100, 200, ... in otdel/standard/builtin.py), so a section that
names another's items (a pay rate names a product group) is applied after it. The standard is
the system, not the data: no users, companies, deals or payments, and people are named nowhere.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Data = dict[str, Any]


class StandardRefused(Exception):
    """A standard that cannot be read or applied, with the place: section, item, field."""

    def __init__(self, message: str, *, place: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.place = tuple(str(part) for part in place if part not in (None, ""))

    def __str__(self) -> str:
        where = " › ".join(self.place)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Field:
    """A field of a row or an item: its type (str, int, bool, float, "decimal", list, dict) and
    whether it may be empty (None)."""

    name: str
    kind: Any
    null: bool = False


@dataclass(frozen=True)
class Group:
    name: str
    fields: list[Field]
    # A row is one mapping of fields; a collection maps each item's natural key to its fields.
    row: bool = False
    # The natural key's type in the file (a version number is an int, a code a str).
    key: type = str

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[], Data]
    apply: Callable[[Data, Any], list[str] | None]
    groups: list[Group]
    order: int
    title: str = ""

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)


RESERVED = ("otdel_standard", "version")
_registry: dict[str, Section] = {}
_ordering: list[Section] = []


def register_section(
    name: str,
    *,
    export: Callable[[], Data],
    apply: Callable[[Data, Any], list[str] | None],
    groups: list[Group],
    order: int,
    title: str = "",
) -> None:
    """Add a section to the standard (once per process; registering a name again replaces it)."""
    if name in RESERVED:
        raise ValueError(f"{name} is a reserved key of the standard")
    _registry[name] = Section(name, export, apply, groups, order, title or name)
    _ordering[:] = sorted(_registry.values(), key=lambda s: (s.order, s.name))


def sections() -> list[Section]:
    """The sections in the order they are written and applied."""
    return list(_ordering)


def section(name: str) -> Section | None:
    return _registry.get(name)

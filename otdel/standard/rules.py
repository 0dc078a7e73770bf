"""The standard file as plain data: how it is written (always the same bytes for the same
system), read and checked against the sections' declared fields, and how two are compared.
No database here."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from .sections import RESERVED, Data, Group, Section, StandardRefused

FORMAT = 1


def decimal_text(value: Decimal | int | float | str | None) -> str | None:
    """A decimal as the file writes it: plain digits, no trailing zeros ("0.8", "40000")."""
    if value is None:
        return None
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _sorted_deep(value: Any) -> Any:
    """Mappings inside a field's value with their keys sorted, at every depth."""
    if isinstance(value, dict):
        return {str(k): _sorted_deep(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_sorted_deep(item) for item in value]
    if isinstance(value, str):
        return str(value)  # a choice (an enum of str) as its plain code
    return value


def _row(group: Group, data: Data) -> Data:
    return {f.name: _sorted_deep(data.get(f.name)) for f in group.fields}


def canonical(sections: list[Section], version: int, data: dict[str, Data]) -> Data:
    """The standard in its one order: the format, the version, the sections in the registry's
    order, groups and fields in their declared order, items by their natural key."""
    doc: Data = {"otdel_standard": FORMAT, "version": version}
    for section in sections:
        if section.name not in data:
            continue
        groups = data[section.name]
        out: Data = {}
        for group in section.groups:
            value = groups.get(group.name, {})
            if group.row:
                out[group.name] = _row(group, value)
            else:
                out[group.name] = {key: _row(group, value[key]) for key in sorted(value)}
        doc[section.name] = out
    return doc


class _Dumper(yaml.SafeDumper):
    """The safe dumper, with texts of several lines written as literal blocks (readable, and
    still read back to the same text: PyYAML quotes any text a block would change)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases: a standard never needs them, and a few nested ones
    would make a small file expand beyond any size."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        return super().compose_node(parent, index)


def dump(doc: Data) -> str:
    return yaml.dump(
        doc,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


def _type_ok(kind: Any, value: Any) -> bool:
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "decimal":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return False
        try:
            return Decimal(str(value)).is_finite()
        except InvalidOperation:
            return False
    return isinstance(value, kind)


_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    float: "a number",
    "decimal": "a number",
    list: "a list",
    dict: "a mapping",
}


def _check_fields(group: Group, value: Any, place: tuple[str, ...]) -> None:
    if not isinstance(value, dict):
        raise StandardRefused("must be a mapping of fields", place=place)
    for name in value:
        if group.field(str(name)) is None:
            raise StandardRefused("unknown field", place=(*place, str(name)))
    for f in group.fields:
        if f.name not in value:
            raise StandardRefused("the field is missing", place=(*place, f.name))
        item = value[f.name]
        if item is None:
            if not f.null:
                raise StandardRefused("must not be empty", place=(*place, f.name))
            continue
        if not _type_ok(f.kind, item):
            raise StandardRefused(
                f"must be {_TYPE_NAMES.get(f.kind, f.kind)}, not {item!r}"[:200],
                place=(*place, f.name),
            )


def parse(text: str | bytes, sections: list[Section]) -> tuple[int, dict[str, Data]]:
    """Read a standard file: its version and its sections' data. A section the file leaves out
    is left as it is by the import; anything unknown, missing or of the wrong type is refused
    with its place."""
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or "cannot be read"
        raise StandardRefused(f"not a YAML file{where}: {problem}") from error
    if not isinstance(doc, dict):
        raise StandardRefused("not an Otdel standard: the file is not a mapping")
    if doc.get("otdel_standard") != FORMAT:
        raise StandardRefused(
            f"not an Otdel standard of format {FORMAT}", place=("otdel_standard",)
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise StandardRefused("must be a whole number, 0 or more", place=("version",))
    known = {s.name: s for s in sections}
    data: dict[str, Data] = {}
    for name, groups in doc.items():
        if name in RESERVED:
            continue
        section = known.get(str(name))
        if section is None:
            raise StandardRefused("unknown section", place=(str(name),))
        if not isinstance(groups, dict):
            raise StandardRefused("must be a mapping of groups", place=(section.name,))
        for group_name in groups:
            if section.group(str(group_name)) is None:
                raise StandardRefused("unknown part", place=(section.name, str(group_name)))
        for group in section.groups:
            place = (section.name, group.name)
            if group.name not in groups:
                raise StandardRefused("the part is missing", place=place)
            value = groups[group.name]
            if group.row:
                _check_fields(group, value, place)
                continue
            if value is None:
                value = groups[group.name] = {}
            if not isinstance(value, dict):
                raise StandardRefused("must be a mapping of items by their key", place=place)
            for key, item in value.items():
                if not _type_ok(group.key, key):
                    raise StandardRefused(
                        f"the key must be {_TYPE_NAMES[group.key]}", place=(*place, str(key))
                    )
                _check_fields(group, item, (*place, str(key)))
        data[section.name] = groups
    return version, data


@dataclass(frozen=True)
class Change:
    group: str
    key: str  # the item's natural key; "" for a row
    kind: str  # "added", "removed", "changed"
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class SectionDiff:
    section: str
    changes: list[Change]


def _field_changes(group: Group, old: Data, new: Data) -> dict[str, tuple[Any, Any]]:
    changes = {}
    for f in group.fields:
        a, b = _sorted_deep(old.get(f.name)), _sorted_deep(new.get(f.name))
        if f.kind == "decimal" and a is not None and b is not None:
            same = Decimal(str(a)) == Decimal(str(b))
        else:
            same = a == b
        if not same:
            changes[f.name] = (a, b)
    return changes


def diff(
    sections: list[Section], old: dict[str, Data], new: dict[str, Data], *, only_new: bool = False
) -> list[SectionDiff]:
    """What differs between two standards, per section: items added, removed and changed with
    their fields, old and new. `only_new`: compare only the sections the new one has (an
    import leaves the others as they are)."""
    result = []
    for section in sections:
        if only_new and section.name not in new:
            continue
        a, b = old.get(section.name, {}), new.get(section.name, {})
        changes: list[Change] = []
        for group in section.groups:
            ga, gb = a.get(group.name) or {}, b.get(group.name) or {}
            if group.row:
                fields = _field_changes(group, ga, gb)
                if fields:
                    changes.append(Change(group.name, "", "changed", fields))
                continue
            for key in sorted(set(ga) | set(gb), key=str):
                if key not in gb:
                    changes.append(Change(group.name, str(key), "removed"))
                elif key not in ga:
                    changes.append(Change(group.name, str(key), "added"))
                else:
                    fields = _field_changes(group, ga[key], gb[key])
                    if fields:
                        changes.append(Change(group.name, str(key), "changed", fields))
        if changes:
            result.append(SectionDiff(section.name, changes))
    return result


def _short(value: Any, length: int = 80) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", "⏎")
    return text if len(text) <= length else text[: length - 1] + "…"


def diff_lines(diffs: list[SectionDiff]) -> list[str]:
    """The diff as text, a line per item and one more per changed field."""
    signs = {"added": "+", "removed": "-", "changed": "~"}
    lines = []
    for section_diff in diffs:
        lines.append(f"[{section_diff.section}]")
        for change in section_diff.changes:
            item = f"{change.group} › {change.key}" if change.key else change.group
            lines.append(f"  {signs[change.kind]} {item}")
            for name, (a, b) in change.fields.items():
                lines.append(f"      {name}: {_short(a)} → {_short(b)}")
    return lines

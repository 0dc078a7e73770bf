"""What the apps' forms share: labels without Django's colon, and a <select> written in Python
where Django renders one template per option (a filter of 200 managers and the lists of
categories, sources and territories beside it, through the option template, took most of the
company list's time at 1M: issue 15)."""

import html
from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


def escaped(value: object) -> str:
    """A text escaped for HTML by the standard library: Django's escape first checks each value
    for a lazy translation, which counts where a page writes thousands of them."""
    return html.escape(str(value))


class NoLabelSuffix:
    """Labels without Django's trailing colon, as the project's hand-written labels have: the
    pages that print label_tag or as_div would add it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class QuickSelect(forms.Select):
    """forms.Select, the same HTML, its options joined as strings."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        options = "".join(self._options(self.choices, chosen, [False]))
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return mark_safe(  # noqa: S308 - every text in it is escaped
            f'<select name="{escaped(name)}"{flatatt(final_attrs)}>{options}</select>'
        )

    def _options(self, choices: Iterable[Any], chosen: set[str], found: list[bool]):
        for value, label in choices:
            if isinstance(label, list | tuple):
                inner = "".join(self._options(label, chosen, found))
                yield f'<optgroup label="{escaped(value)}">{inner}</optgroup>'
                continue
            text = "" if value is None else str(value)
            # One option selected, the first that matches, as Select does.
            selected = text in chosen and (self.allow_multiple_selected or not found[0])
            found[0] = found[0] or selected
            mark = " selected" if selected else ""
            yield f'<option value="{escaped(text)}"{mark}>{escaped(label)}</option>'

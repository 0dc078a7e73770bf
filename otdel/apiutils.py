"""What every app's `api.py` shares: a change the method refuses answers 409 with the reason,
an action's input is read through its serializer (400 naming each wrong field), and every
list pages by a cursor (KeysetPagination).

Every refusal has one of two bodies, documented as the components `Error` ({"detail": "..."})
and `FieldErrors` ({"field": ["...", ...], "non_field_errors": [...]}): the exception handler
(`exception_handler`) makes each refusal one of them, and the schema (otdel.api.schema, the
top layer, as it imports drf-spectacular, which imports the views that read this module) adds to
every operation the refusals it can answer (400, 401, 403, 404, 409) with their bodies.

It sits at the package root, not in otdel.api: otdel.api is the top layer and only routes, so
an app importing from it would be an arrow running up. Its one dependency is RuleRefused
(otdel.refusal), the refusal every service raises.
"""

from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, views
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination

from otdel.refusal import RuleRefused


class Refused(APIException):
    """The method does not allow this change now; the detail says why."""

    status_code = 409
    default_detail = "Refused by the rules of the method."


def exception_handler(exc: Exception, context: dict) -> Any:
    """DRF's handler, with every refusal in one of the two documented bodies: a refusal by the
    method that a view did not pass through `apply` is still 409 (never a server error), a
    model's own validation 400 naming its fields, and a refusal without fields (a list of
    messages) is put under `non_field_errors`."""
    if isinstance(exc, RuleRefused):
        exc = Refused(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = views.exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    return response


class DateTimeField(serializers.DateTimeField):
    """A moment as RFC 3339 says (the schema's date-time): in the local time zone, except a
    moment whose local offset has seconds (Moscow's before 1919, +02:30:17), which no date-time
    may carry: that one is given in UTC. A date a client may enter (an activity's due date)
    can be that old."""

    def to_representation(self, value: datetime | str | None) -> str | None:
        if isinstance(value, datetime):
            value = self.enforce_timezone(value)
            offset = value.utcoffset()
            if offset is not None and offset.seconds % 60:
                text = value.astimezone(UTC).isoformat()
                return text.removesuffix("+00:00") + "Z"
        return super().to_representation(value)


def use_rfc3339_moments() -> None:
    """Every model serializer's date-time field is the one above (from ApiConfig.ready)."""
    serializers.ModelSerializer.serializer_field_mapping[models.DateTimeField] = DateTimeField


def apply(call, *args, **kwargs):
    """The service's result; a refusal by the method becomes 409 with its reason."""
    try:
        return call(*args, **kwargs)
    except RuleRefused as error:
        raise Refused(str(error)) from error


def validated(serializer_class, request) -> dict:
    """An action's input, or 400 naming each wrong field."""
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class KeysetPagination(CursorPagination):
    """Every API list pages by a cursor (keyset): each page is "the next rows after this key"
    on an indexed, unique, unchanging ordering, so a page costs the same at the millionth row
    as at the first and nothing counts the whole visible base (issue 15). A client follows
    `next`, and each row there was when he started comes once, however many are added meanwhile.

    The order is the primary key, oldest first, unless a list says otherwise (a subclass); a
    list's own sorting is not offered, as a cursor can follow only one fixed order.
    """

    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_description = _(
        "Where the page starts: leave it out for the first page, then follow the `next` "
        "(or `previous`) link of the answer."
    )
    page_size_query_description = format_lazy(
        _("Rows per page: {default} unless given, at most {most}."),
        default=CursorPagination.page_size,
        most=max_page_size,
    )

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                # 0 and less are refused (400); more than the most is cut to the most.
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def get_paginated_response_schema(self, schema: dict) -> dict:
        def link(which: str, end: str) -> dict:
            return {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": f"The address of the {which} page, with its cursor: follow it as "
                f"it is (it keeps the page size and the filters); null on the {end} page.",
            }

        return {
            "type": "object",
            "description": "One page of the list, in the list's fixed order. No count of the "
            "whole list is given: none is made, so that a page costs the same anywhere.",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": link("next", "last"),
                "previous": link("previous", "first"),
                "results": schema,
            },
        }

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        try:
            size = int(given)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number of rows from 1 to {most}.").format(
                            most=self.max_page_size
                        )
                    ]
                }
            )
        return min(size, self.max_page_size)

    def decode_cursor(self, request) -> Cursor | None:
        """The cursor of a `next` or `previous` link; one made up or cut short answers 400
        naming `cursor` (not 404, not a server error on a key of the wrong type)."""
        try:
            cursor = super().decode_cursor(request)
            if cursor is not None and cursor.position is not None:
                self.model._meta.get_field(self.ordering[0].lstrip("-")).to_python(cursor.position)
        except (NotFound, DjangoValidationError):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _(
                            "Not a cursor of this list: follow the `next` or `previous` link "
                            "of a page, or leave the cursor out for the first page."
                        )
                    ]
                }
            ) from None
        return cursor


class NewestFirst(KeysetPagination):
    """Lists read latest first (deals, prospect lists, plans, segmentation runs)."""

    ordering = "-id"

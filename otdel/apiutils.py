"""What every app's `api.py` shares: a change the method refuses answers 409 with the reason,
an action's input is read through its serializer (400 naming each wrong field), and every
list pages by a cursor (KeysetPagination).

It sits at the package root, not in otdel.api: otdel.api is the top layer and only routes, so
an app importing from it would be an arrow running up. Its one dependency is RuleRefused
(otdel.refusal), the refusal every service raises.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination

from otdel.refusal import RuleRefused


class Refused(APIException):
    """The method does not allow this change now; the detail says why."""

    status_code = 409
    default_detail = "Refused by the rules of the method."


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

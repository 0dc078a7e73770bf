"""What every app's `api.py` shares: a change the method refuses answers 409 with the reason,
and an action's input is read through its serializer (400 naming each wrong field).

It sits at the package root, not in otdel.api: otdel.api is the top layer and only routes, so
an app importing from it would be an arrow running up. Its one dependency is RuleRefused
(otdel.refusal), the refusal every service raises.
"""

from rest_framework.exceptions import APIException

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

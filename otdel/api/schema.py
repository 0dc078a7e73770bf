"""The API's schema: every operation with the refusals it can answer and their bodies (issue 20).

The bodies are those of otdel.apiutils.exception_handler: `Error` ({"detail": "..."}) and
`FieldErrors` ({"field": ["..."]}), documented once as components.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

_ERROR = {
    "type": "object",
    "description": "A refusal: `detail` says why, in the caller's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_FIELD_ERRORS = {
    "type": "object",
    "description": "The input refused: each wrong field (or `non_field_errors` for the input as a "
    "whole) with its messages; a list of objects or a nested object gives its own errors by "
    "position or field.",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "object"},
        ]
    },
}
_REFUSALS = {
    "400": "The input is refused: the fields (or `detail` for a body that is not JSON).",
    "401": "No valid token or session.",
    "403": "The caller may not do this here (his position, his department, a company he may "
    "only read, or a session without its CSRF token).",
    "404": "Nothing with this id that the caller may see.",
    "409": "The method does not allow this change now: `detail` says why.",
}


class ContractSchema(AutoSchema):
    """The schema of every operation with the refusals it can answer, each with its body:

    - 400 where there is input (a body or query parameters), as `FieldErrors` (or `Error` for
      a body that cannot be read);
    - 401 and 403 everywhere (the API is for those signed in, and rights differ by position);
    - 404 where the path names an object;
    - 409 on every change (POST, PUT, PATCH, DELETE): a rule of the method refused it.

    and input fields as strict as the validation that reads them: a decimal has at least one
    digit (drf-spectacular's pattern lets "" and "-" through, which are refused), and a text
    has no NUL character (every text field refuses it).
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.DecimalField) and "pattern" in schema:
            whole, places = field.max_whole_digits, field.decimal_places
            digits = "0" if whole == 0 else rf"\d{{1,{whole}}}"
            schema["pattern"] = rf"^-?{digits}(?:\.\d{{1,{places}}})?$"
        elif (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not {"pattern", "format", "enum"} & set(schema)
        ):
            schema["pattern"] = "^[^\\u0000]*$"
        return schema

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = self._component("Error", _ERROR)
        field_errors = self._component("FieldErrors", _FIELD_ERRORS)
        parameters = operation.get("parameters", [])
        codes = {"401": error, "403": error}
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            codes["400"] = {"anyOf": [field_errors, error]}
        if any(p["in"] == "path" for p in parameters):
            codes["404"] = error
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes["409"] = error
        responses = operation["responses"]
        for code, body in codes.items():
            documented = responses.setdefault(code, {"description": str(_REFUSALS[code])})
            documented.setdefault("content", {"application/json": {"schema": body}})
        return operation

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref

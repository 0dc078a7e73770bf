"""Every refusal of the API has one of the two documented bodies (Error, FieldErrors), and a
moment is always a date-time as the schema says (issue 20, item 4)."""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from otdel.apiutils import DateTimeField, exception_handler
from otdel.refusal import RuleRefused


def test_a_refusal_by_the_method_is_409_even_when_no_view_passed_it_through_apply():
    response = exception_handler(RuleRefused("Сначала следующий шаг."), {})
    assert response.status_code == 409
    assert response.data == {"detail": "Сначала следующий шаг."}


def test_a_refusal_without_fields_is_put_under_non_field_errors():
    response = exception_handler(ValidationError("Нельзя."), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Нельзя."]}


def test_a_models_own_validation_is_400_naming_its_fields():
    response = exception_handler(DjangoValidationError({"tax_id": ["Не тот ИНН."]}), {})
    assert (response.status_code, response.data) == (400, {"tax_id": ["Не тот ИНН."]})
    response = exception_handler(DjangoValidationError("Нельзя."), {})
    assert response.data == {"non_field_errors": ["Нельзя."]}


def test_a_moment_with_a_local_offset_in_seconds_is_given_in_utc(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    field = DateTimeField()
    # Moscow's offset before 1919 had seconds (+02:30:17), which RFC 3339 has no place for.
    old = field.to_representation(datetime(336, 6, 27, 4, 5, 31, tzinfo=UTC))
    assert old == "0336-06-27T04:05:31Z"
    now = field.to_representation(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    assert now == "2026-11-27T12:00:00+03:00"

"""Sign-in security (issue 20, item 3): lock-out after failed logins by name and by address,
the head's unlocking, password rules, revocable expiring API tokens, the log of logins and the
optional two-factor sign-in."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdel.algorithm.models import RuleSettings
from otdel.org.models import ApiToken, LoginEvent, LoginResult, Position, SettingsChange
from otdel.org.rules import token_refusal, two_factor_required
from otdel.org.services import api_key_hash, api_token_create, api_token_revoke
from tests.conftest import client_for

LIMIT = settings.AXES_FAILURE_LIMIT


def _login(username: str, password: str, address: str = "10.0.0.1") -> tuple[Client, int]:
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response.status_code


def _fail(username: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        _login(username, "wrong-password", address)


# ---- lock-out -------------------------------------------------------------------------------


def test_right_password_signs_in(people):
    client, status = _login("hunter1", "pw")
    assert status == 302
    assert client.session.get("_auth_user_id") == str(people.hunter1.pk)


def test_failures_below_the_limit_do_not_lock(people):
    _fail("hunter1", LIMIT - 1)
    _client, status = _login("hunter1", "pw")
    assert status == 302


def test_failures_up_to_the_limit_lock_and_the_right_password_is_then_refused(people):
    _fail("hunter1", LIMIT)
    client, status = _login("hunter1", "pw", address="10.0.0.2")
    assert status == 429
    assert "_auth_user_id" not in client.session


def test_lock_out_page_says_why_in_russian(people):
    _fail("hunter1", LIMIT)
    response = Client(REMOTE_ADDR="10.0.0.1").post(
        reverse("login"), {"username": "hunter1", "password": "pw"}
    )
    text = response.content.decode()
    assert response.status_code == 429
    assert 'data-testid="locked-out"' in text
    assert "заблокирован" in text.lower()


def test_the_lock_ends_after_the_cool_off(people):
    _fail("hunter1", LIMIT)
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        _client, status = _login("hunter1", "pw")
    assert status == 302


def test_one_persons_failures_do_not_lock_the_others_at_his_address(people):
    _fail("hunter1", LIMIT)
    _client, status = _login("hunter2", "pw")
    assert status == 302


def test_lock_by_address_refuses_another_name_from_it(people, settings):
    settings.AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
    for number in range(LIMIT):
        _login(f"nobody{number}", "wrong-password", address="10.9.9.9")
    _client, status = _login("hunter2", "pw", address="10.9.9.9")
    assert status == 429
    _client, status = _login("hunter2", "pw", address="10.9.9.10")
    assert status == 302


def test_behind_a_proxy_the_address_it_saw_is_locked_not_a_forged_one(people, settings):
    settings.AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
    settings.OTDEL_PROXY_COUNT = 1
    for number in range(LIMIT):
        Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 10.8.8.8").post(
            reverse("login"), {"username": f"nobody{number}", "password": "x"}
        )
    proxied = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="9.9.9.9, 10.8.8.8")
    response = proxied.post(reverse("login"), {"username": "hunter2", "password": "pw"})
    assert response.status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="10.8.8.9")
    assert (
        other.post(reverse("login"), {"username": "hunter2", "password": "pw"}).status_code == 302
    )


def test_head_unlocks_a_locked_person_and_the_log_keeps_it(people):
    _fail("hunter1", LIMIT)
    head = client_for(people.head)
    page = head.get(reverse("setup:user", args=[people.hunter1.pk]))
    assert 'data-testid="locked"' in page.content.decode()
    response = head.post(reverse("setup:user_unlock", args=[people.hunter1.pk]))
    assert response.status_code == 302
    _client, status = _login("hunter1", "pw")
    assert status == 302
    assert SettingsChange.objects.filter(author=people.head, subject=str(people.hunter1)).exists()


def test_department_head_unlocks_his_people_only(people):
    _fail("hunter1", LIMIT, address="10.0.1.1")
    _fail("farmer1", LIMIT, address="10.0.1.2")
    lead = client_for(people.hunters_lead)
    page = lead.get(reverse("setup:logins")).content.decode()
    assert (
        "hunter1" in page and "farmer1" not in page.split("locked-title")[1].split("</section>")[0]
    )
    assert lead.post(reverse("setup:user_unlock", args=[people.farmer1.pk])).status_code == 404
    assert lead.post(reverse("setup:user_unlock", args=[people.hunter1.pk])).status_code == 302
    assert _login("hunter1", "pw")[1] == 302
    assert _login("farmer1", "pw", address="10.0.0.3")[1] == 429


def test_manager_cannot_unlock(people):
    _fail("hunter2", LIMIT)
    response = client_for(people.hunter1).post(
        reverse("setup:user_unlock", args=[people.hunter2.pk])
    )
    assert response.status_code == 403
    assert _login("hunter2", "pw", address="10.0.0.4")[1] == 429


# ---- passwords -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["short1", "1234567890123", "password123", "qwertyuiop"], ids=str
)
def test_weak_passwords_are_refused(people, password):
    with pytest.raises(ValidationError):
        validate_password(password, people.hunter1)


def test_a_long_phrase_is_accepted(people):
    validate_password("зелёный-трактор-42", people.hunter1)


def test_head_cannot_set_a_short_password(people):
    response = client_for(people.head).post(
        reverse("setup:user_password", args=[people.hunter1.pk]), {"password": "abc12345"}
    )
    assert response.status_code == 200
    people.hunter1.refresh_from_db()
    assert people.hunter1.check_password("pw")


# ---- API tokens ----------------------------------------------------------------------------


def _api(key: str):
    return Client().get("/api/v1/companies/", HTTP_AUTHORIZATION=f"Token {key}")


def test_token_key_is_kept_hashed_and_works(people):
    token, key = api_token_create(user=people.hunter1, name="script", acting_user=people.hunter1)
    assert token.key_hash == api_key_hash(key) and key not in token.key_hash
    assert _api(key).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_expires_by_default_after_the_configured_days(people):
    token, key = api_token_create(user=people.hunter1, name="script", acting_user=None)
    assert (
        token.expires_at.date()
        == (timezone.now() + timedelta(days=settings.OTDEL_API_TOKEN_DAYS)).date()
    )
    with time_machine.travel(token.expires_at + timedelta(seconds=1)):
        response = _api(key)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"] or "истёк" in response.json()["detail"]


def test_revoked_token_is_refused_with_401(people):
    token, key = api_token_create(user=people.hunter1, name="script", acting_user=None)
    api_token_revoke(token=token, acting_user=people.head)
    response = _api(key)
    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")


def test_token_of_an_inactive_user_is_refused(people):
    _token, key = api_token_create(user=people.hunter1, name="script", acting_user=None)
    people.hunter1.is_active = False
    people.hunter1.save()
    assert _api(key).status_code == 401


def test_token_lifetime_is_bounded(people):
    with pytest.raises(ValidationError):
        api_token_create(
            user=people.hunter1,
            name="x",
            days=settings.OTDEL_API_TOKEN_MAX_DAYS + 1,
            acting_user=None,
        )


def test_token_refusal_rule():
    assert token_refusal(revoked=True, expired=True, user_active=True) == "revoked"
    assert token_refusal(revoked=False, expired=True, user_active=True) == "expired"
    assert token_refusal(revoked=False, expired=False, user_active=False) == "inactive"
    assert token_refusal(revoked=False, expired=False, user_active=True) is None


def test_tokens_page_shows_the_key_once(people):
    client = client_for(people.hunter1)
    response = client.post(reverse("setup:tokens"), {"new-name": "1C", "new-days": "30"})
    text = response.content.decode()
    assert 'data-testid="new-key"' in text
    token = ApiToken.objects.get(user=people.hunter1)
    key = text.split('data-testid="new-key">')[1].split("<")[0]
    assert api_key_hash(key) == token.key_hash
    assert key not in client.get(reverse("setup:tokens")).content.decode()


def test_manager_revokes_his_token_not_anothers(people):
    mine, _key = api_token_create(user=people.hunter1, name="mine", acting_user=None)
    theirs, _key = api_token_create(user=people.hunter2, name="theirs", acting_user=None)
    client = client_for(people.hunter1)
    assert client.post(reverse("setup:token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("setup:token_revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_configurer_revokes_anyones_token(people):
    theirs, key = api_token_create(user=people.hunter2, name="theirs", acting_user=None)
    client = client_for(people.head)
    assert "theirs" in client.get(reverse("setup:tokens")).content.decode()
    client.post(reverse("setup:token_revoke", args=[theirs.pk]))
    assert _api(key).status_code == 401


def test_token_command_creates_a_working_token(people, capsys):
    call_command("token", "create", "hunter1", "--days", "7")
    key = capsys.readouterr().out.strip()
    assert _api(key).status_code == 200
    token = ApiToken.objects.get(user=people.hunter1)
    assert token.expires_at.date() == (timezone.now() + timedelta(days=7)).date()
    call_command("token", "revoke", str(token.pk))
    assert _api(key).status_code == 401


# ---- the log of logins ---------------------------------------------------------------------


def test_logins_failures_and_logouts_are_logged(people):
    client = Client(REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Test browser")
    client.post(reverse("login"), {"username": "hunter1", "password": "wrong"})
    client.post(reverse("login"), {"username": "hunter1", "password": "pw"})
    client.post(reverse("logout"))
    events = list(LoginEvent.objects.order_by("pk").values_list("result", "address", "user_agent"))
    assert events == [
        (LoginResult.FAILURE, "10.1.2.3", "Test browser"),
        (LoginResult.SUCCESS, "10.1.2.3", "Test browser"),
        (LoginResult.LOGOUT, "10.1.2.3", "Test browser"),
    ]
    assert set(LoginEvent.objects.values_list("user", flat=True)) == {people.hunter1.pk}


def test_a_refused_login_while_locked_is_logged_as_locked(people):
    _fail("hunter1", LIMIT)
    _login("hunter1", "pw")
    assert LoginEvent.objects.order_by("-pk").first().result == LoginResult.LOCKED


def test_unknown_login_name_is_logged_with_the_name_tried(db):
    _login("ghost", "x")
    event = LoginEvent.objects.get()
    assert (event.user, event.username, event.result) == (None, "ghost", LoginResult.FAILURE)


def test_logins_page_filters_by_person_and_result(people):
    _login("hunter1", "wrong")
    _login("hunter2", "pw")
    client = client_for(people.head)
    url = reverse("setup:logins")
    failures = client.get(url, {"result": LoginResult.FAILURE}).content.decode()
    assert failures.count('data-testid="login-event"') == 1
    mine = client.get(url, {"person": people.hunter2.pk}).content.decode()
    assert "hunter2" in mine and "hunter1" not in mine.split("<tbody>")[1]


def test_department_head_reads_his_peoples_logins_only(people):
    _login("hunter1", "pw")
    _login("farmer1", "pw")
    page = client_for(people.hunters_lead).get(reverse("setup:logins")).content.decode()
    rows = page.split("<tbody>")[1]
    assert "hunter1" in rows and "farmer1" not in rows


def test_manager_cannot_read_the_log_of_logins(people):
    assert client_for(people.hunter1).get(reverse("setup:logins")).status_code == 403


# ---- two-factor sign-in --------------------------------------------------------------------


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client: Client) -> TOTPDevice:
    client.post(reverse("setup:two_factor"), {"action": "start"})
    device = TOTPDevice.objects.get(confirmed=False)
    client.post(reverse("setup:two_factor"), {"action": "confirm", "token": _code(device)})
    device.refresh_from_db()
    return device


def test_enrolment_shows_a_qr_code_as_svg_and_confirms_with_a_code(people):
    client = client_for(people.hunter1)
    page = client.post(reverse("setup:two_factor"), {"action": "start"}).content.decode()
    assert "<svg" in page and "<script" not in page.split("<main")[1]
    device = TOTPDevice.objects.get(user=people.hunter1)
    wrong = client.post(reverse("setup:two_factor"), {"action": "confirm", "token": "000000"})
    assert wrong.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    # A wrong code makes the device wait a moment before the next (django-otp's throttling).
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        client.post(reverse("setup:two_factor"), {"action": "confirm", "token": _code(device)})
    device.refresh_from_db()
    assert device.confirmed


def test_sign_in_with_a_device_asks_for_the_code(people):
    _enrol(client_for(people.hunter1))
    client, status = _login("hunter1", "pw")
    assert status == 302
    home = client.get(reverse("control:home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("two_factor_verify"))
    assert client.get("/api/v1/companies/").status_code == 403
    wrong = client.post(reverse("two_factor_verify"), {"token": "000000"})
    assert wrong.status_code == 200
    assert LoginEvent.objects.filter(result=LoginResult.SECOND_FACTOR_FAILED).exists()


def test_the_right_code_opens_the_pages(people):
    device = _enrol(client_for(people.hunter1))
    client, _status = _login("hunter1", "pw")
    # The code of the next step: the one used at enrolment cannot be used twice.
    with time_machine.travel(timezone.now() + timedelta(seconds=device.step)):
        response = client.post(reverse("two_factor_verify"), {"token": _code(device)})
        assert response.status_code == 302
        assert client.get(reverse("setup:tokens")).status_code == 200


def test_required_positions_are_sent_to_enrol_before_anything_else(people):
    rules = RuleSettings.load()
    rules.two_factor_positions = [Position.OWNER, Position.HEAD_OF_SALES]
    rules.save()
    client, _status = _login("head", "pw")
    response = client.get(reverse("control:home"))
    assert response["Location"].startswith(reverse("setup:two_factor"))
    assert client.get(reverse("setup:two_factor")).status_code == 200
    # A manager's position is not ticked: he goes on.
    manager, _status = _login("hunter1", "pw", address="10.0.0.5")
    assert manager.get(reverse("setup:tokens")).status_code == 200
    _enrol(client)
    assert client.get(reverse("setup:tokens")).status_code == 200


def test_a_required_person_cannot_turn_two_factor_off(people):
    client = client_for(people.head)
    _enrol(client)
    rules = RuleSettings.load()
    rules.two_factor_positions = [Position.HEAD_OF_SALES]
    rules.save()
    response = client.post(reverse("setup:two_factor"), {"action": "remove"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=people.head, confirmed=True).exists()


def test_two_factor_rule():
    owner, manager = Position.OWNER, Position.SALES_MANAGER
    assert two_factor_required(owner, is_superuser=False, positions=[owner])
    assert not two_factor_required(manager, is_superuser=False, positions=[owner])
    assert two_factor_required(manager, is_superuser=True, positions=[owner])
    assert not two_factor_required(owner, is_superuser=True, positions=[])

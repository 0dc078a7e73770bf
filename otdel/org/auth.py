"""The API's token sign-in: "Authorization: Token <key>", as before, but the key is one of the
person's ApiTokens (kept hashed), which expire and can be revoked (issue 20, item 3)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken, User
from .rules import token_refusal
from .services import api_key_hash

# How stale "last used" may get: one write per token every few minutes, not one per call.
_LAST_USED_STEP = timedelta(minutes=5)


class ApiTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(key_hash=api_key_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        refusal = token_refusal(
            revoked=token.revoked_at is not None,
            expired=token.expires_at <= now,
            user_active=token.user.is_active,
        )
        if refusal == "revoked":
            raise exceptions.AuthenticationFailed(_("The token was revoked."))
        if refusal == "expired":
            raise exceptions.AuthenticationFailed(_("The token has expired."))
        if refusal == "inactive":
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or now - token.last_used_at > _LAST_USED_STEP:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

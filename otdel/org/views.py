from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .services import user_set_language


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The switch in the header: the person keeps the language he chose on every device; the
    cookie keeps it for the login page of this browser."""
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return set_language(request)

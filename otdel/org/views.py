from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .models import Language, User


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The switch in the header: the person keeps the language he chose on every device; the
    cookie keeps it for the login page of this browser."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in Language.values:
        User.objects.filter(pk=request.user.pk).update(language=language)
    return set_language(request)

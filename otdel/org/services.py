"""The writes of org: a person's own settings."""

from .models import Language, User


def user_set_language(*, user: User, language: str) -> bool:
    """The language the person chose in the header, kept on him for every device; False (and
    nothing kept) for a language the interface does not speak."""
    if language not in Language.values:
        return False
    User.objects.filter(pk=user.pk).update(language=language)
    return True

"""Settings for the test suite: the real ones, with jobs run inline and cheap password hashing."""

from otdel.settings import *  # noqa: F403
from otdel.settings import HUEY

HUEY = {**HUEY, "immediate": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

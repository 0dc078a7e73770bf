"""Helpers shared by the pages."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from otdel.refusal import RuleRefused


def act(request: HttpRequest, call: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """A posted change: the service's refusal or the success, as a message on the page it
    returns to."""
    try:
        call()
    except RuleRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(back)

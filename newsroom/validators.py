"""One definition of a safe outbound link, used by models, forms and the importer."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from .renderable import text_problem

ALLOWED_SCHEMES = ("http", "https")
SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
SCHEME_PROBLEM = "must start with http:// or https://"


def http_url_problem(value: str) -> str | None:
    """Why `value` is not a safe http(s) link, or None when it is one."""
    if not value:
        return "is empty"
    if SPACE_OR_CONTROL.search(value):
        return "contains spaces or control characters"
    if problem := text_problem(value):
        return problem
    if "](" in value:
        return "holds `](`, which ends a link in the archive"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return SCHEME_PROBLEM
    if not parts.hostname:
        return "has no host name"
    return None


def validate_http_url(value: str) -> None:
    problem = http_url_problem(value)
    if problem:
        # Said once: a link with the wrong scheme gets the rule alone, not the rule twice.
        if problem == SCHEME_PROBLEM:
            message = "Enter a link starting with http:// or https://."
        else:
            message = "Enter a link starting with http:// or https:// (this one %(problem)s)."
        raise ValidationError(message, code="unsafe_url", params={"problem": problem})


class HttpUrlField(models.CharField):
    """A link to the outside world: only http and https, checked on every model validation."""

    default_validators = [validate_http_url]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2048)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("widget", forms.URLInput)
        return super().formfield(**kwargs)

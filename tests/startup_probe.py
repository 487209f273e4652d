"""The site started in a fresh interpreter with trafilatura broken, as a bad install leaves it.

Run by tests/test_optional_imports.py as `python -m tests.startup_probe` (settings and an
in-memory database from the environment): the system checks, the admin's source and outlet
pages, an event's page and the home page, then `capture_sources`. It prints, as JSON, what each
answered and which imports of trafilatura were tried before the capture; the test judges.
"""

import importlib.abc
import json
import os
import sys
from io import StringIO

# The message lxml gives when lxml_html_clean is missing (lxml 6 with a pip that skipped it).
BROKEN_INSTALL = (
    "lxml.html.clean module is now a separate project lxml_html_clean.\n"
    "Install lxml[html-clean] or lxml_html_clean directly."
)


class BrokenTrafilatura(importlib.abc.MetaPathFinder):
    """Fails every import of trafilatura as the broken install does, and keeps a list of them.

    Consulted before the installed packages (first in sys.meta_path), so the real trafilatura
    is never loaded in this process."""

    def __init__(self):
        self.attempts = []

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] != "trafilatura":
            return None
        self.attempts.append(fullname)
        raise ImportError(BROKEN_INSTALL)


def main() -> None:
    broken = BrokenTrafilatura()
    sys.meta_path.insert(0, broken)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
    import django

    django.setup()
    from django.core.management import CommandError, call_command

    call_command("check", fail_level="WARNING", stdout=StringIO())
    call_command("migrate", verbosity=0)
    statuses = page_statuses()
    attempts_at_start = list(broken.attempts)
    try:
        call_command("capture_sources", stdout=StringIO())
        capture_error = None
    except CommandError as error:
        capture_error = str(error)
    report = {
        "statuses": statuses,
        "attempts_at_start": attempts_at_start,
        "capture_error": capture_error,
    }
    print(json.dumps(report))


def page_statuses() -> dict:
    """GET each page as a signed-in editor: {path: status code}."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from tests.factories import SourceFactory

    source = SourceFactory(url="https://www.bbc.co.uk/news/world-17000001")
    editor = get_user_model().objects.create_superuser(username="editor", password="pw-1")
    client = Client()
    client.force_login(editor)
    paths = [
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_change", args=[source.pk]),
        reverse("admin:sources_outlet_changelist"),
        source.event.get_absolute_url(),
        "/",
    ]
    return {path: client.get(path).status_code for path in paths}


if __name__ == "__main__":
    main()

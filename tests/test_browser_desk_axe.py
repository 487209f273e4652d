"""The desk, as a superuser sees it with Django's own Authentication and Axes blocks, passes
every axe-core rule at 1280x800 and 390x844 (contrast included).
Screenshots: test-artifacts/browser/desk-axe-*.png."""

import pytest

from tests.browser import LAPTOP_AND_PHONE, editor_page, keep_screenshot, no_axe_violations
from tests.factories import EventFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Desk-Axe-Chief-Pass-6"


@pytest.fixture
def chief(django_user_model):
    EventFactory(topics=["Chongqing"])
    return django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_the_desk_passes_every_axe_rule(live_server, chief, size):
    with editor_page(live_server.url, "chief", PASSWORD, size) as page:
        name = "{}x{}".format(*size)
        keep_screenshot(page, f"desk-axe-{name}")
        no_axe_violations(page, f"desk at {name}")

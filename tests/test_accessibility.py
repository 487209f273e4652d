"""Every public page kind, at desktop and phone widths, in a real Chromium: axe-core finds no
violation (WCAG 2 A and AA, best practices, contrast in both colour schemes), and a reader
with only a keyboard can skip to the content, see where the focus is, and search.

The walk covers every public HTML route (a test fails when one is added without joining it);
screenshots are kept in test-artifacts/browser/ (a11y-<width>-<page>.png).
"""

import pytest
from playwright.sync_api import sync_playwright

from tests.accessibility import (
    NOT_HTML_PAGES,
    a_small_archive,
    axe_violations,
    describe,
    public_routes,
    routes_walked,
    walk,
)
from tests.browser import keep_screenshot, launch_chromium
from tests.test_browser_public import STAND_IN_PICTURE, VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.accessibility]

ANSWERS = {"search-errors": 400, "bad-request": 400, "not-found": 404}
# Pages whose content is drawn by their own script once loaded: what to wait for.
DRAWN_BY_SCRIPT = {"api-docs": ".swagger-ui .info .title"}
DARK_MODE_PAGES = ["home", "event", "topic", "search-results", "search-errors"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module. Playwright's sync API keeps an asyncio loop on this
    thread while the browser is open, which Django takes for async code around each query of
    the tests' fixtures; no Django code runs in that loop, so its check is switched off here,
    for this module only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = launch_chromium(playwright)
            yield chromium
            chromium.close()


def new_tab(browser, base_url, width_name, color_scheme="light"):
    """A tab at a width; cover images (on other sites) get a stand-in, nothing leaves."""
    context = browser.new_context(color_scheme=color_scheme, **VIEWPORTS[width_name])

    def stay_on_the_site(route):
        request = route.request
        if request.url.startswith(base_url):
            route.continue_()
        elif request.resource_type == "image":
            route.fulfill(status=200, content_type="image/svg+xml", body=STAND_IN_PICTURE)
        else:
            route.abort()

    context.route("**/*", stay_on_the_site)
    return context.new_page()


def open_page(page, base_url, name, address):
    response = page.goto(base_url + address)
    assert response.status == ANSWERS.get(name, 200), f"{name}: {address} answered {response}"
    if name in DRAWN_BY_SCRIPT:
        page.wait_for_selector(DRAWN_BY_SCRIPT[name])
    page.wait_for_load_state("load")


def test_the_walk_covers_every_public_html_route():
    """A page added later fails here until the walk (tests/accessibility.py) includes it."""
    walked = routes_walked(walk().values())
    left_out = set(public_routes()) - walked - set(NOT_HTML_PAGES)
    assert left_out == set(), f"public routes no accessibility test opens: {sorted(left_out)}"
    assert walked.isdisjoint(NOT_HTML_PAGES)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", list(walk()))
def test_page_kind_has_no_axe_violations_at_both_widths(name, browser, live_server):
    a_small_archive()
    address = walk()[name]
    found = []
    for width_name in VIEWPORTS:
        page = new_tab(browser, live_server.url, width_name)
        open_page(page, live_server.url, name, address)
        keep_screenshot(page, f"a11y-{width_name}-{name}")
        violations = axe_violations(page)
        if violations:
            found.append(describe(violations, f"{name} ({address}) at {width_name} width"))
        page.context.close()
    assert found == [], "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_text_contrast_holds_in_both_colour_schemes(color_scheme, browser, live_server):
    a_small_archive()
    addresses = walk()
    found = []
    for name in DARK_MODE_PAGES:
        page = new_tab(browser, live_server.url, "desktop", color_scheme)
        open_page(page, live_server.url, name, addresses[name])
        assert page.evaluate(f"matchMedia('(prefers-color-scheme: {color_scheme})').matches"), (
            color_scheme
        )
        keep_screenshot(page, f"a11y-{color_scheme}-{name}")
        violations = axe_violations(page, rules=["color-contrast", "link-in-text-block"])
        if violations:
            found.append(describe(violations, f"{name} in the {color_scheme} scheme"))
        page.context.close()
    assert found == [], "\n".join(found)


def test_axe_reports_what_it_finds(browser):
    """The check itself can fail: a page with known faults gives each of them, readably."""
    page = browser.new_page()
    page.set_content(
        "<!DOCTYPE html><html><head><title>Faults</title></head><body><main><h1>Faults</h1>"
        '<img src="data:,"><p style="color:#bbb;background:#fff">Faint text</p>'
        "</main></body></html>"
    )
    violations = axe_violations(page)
    page.close()
    assert {"html-has-lang", "image-alt", "color-contrast"} <= {v["id"] for v in violations}
    report = describe(violations, "faults")
    assert "faults: image-alt (critical): Images must have alternative text" in report
    assert "https://dequeuniversity.com/rules/axe/" in report
    assert "    img: " in report

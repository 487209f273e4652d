"""Every public page kind, at desktop and phone widths, in a real Chromium: axe-core finds no
violation (WCAG 2 A and AA, best practices, contrast in both colour schemes), and a reader
with only a keyboard can skip to the content, see where the focus is, and search.

The walk covers every public HTML route (a test fails when one is added without joining it);
screenshots are kept in test-artifacts/browser/ (a11y-<width>-<page>.png).
"""

import pytest
from django.template.loader import render_to_string
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
from tests.browser import ARTIFACTS, keep_screenshot, launch_chromium, stay_on
from tests.test_browser_public import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.accessibility]

ANSWERS = {
    "search-errors": 400,
    "bad-request": 400,
    "go-to-date-bad": 400,
    "not-found": 404,
    "not-found-day": 404,
}
# Pages whose content is drawn by their own script once loaded: what to wait for.
DRAWN_BY_SCRIPT = {"api-docs": ".swagger-ui .info .title"}
DARK_MODE_PAGES = ["home", "event", "topic", "search-results", "search-errors"]


# Phones at their CSS size: drawing them at twice the pixels would only slow the walk down.
WIDTHS = {
    "desktop": VIEWPORTS["desktop"],
    "phone": {**VIEWPORTS["phone"], "device_scale_factor": 1},
}


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


@pytest.fixture(scope="module")
def widths(browser, live_server):
    """A browser context per width, kept for the module; cover images (on other sites) get a
    stand-in picture and nothing else leaves the site."""
    contexts = {}
    for width_name, options in WIDTHS.items():
        contexts[width_name] = browser.new_context(**options)
        contexts[width_name].route("**/*", stay_on(live_server.url))
    yield contexts
    for context in contexts.values():
        context.close()


def open_page(context, base_url, name, address):
    page = context.new_page()
    response = page.goto(base_url + address)
    assert response.status == ANSWERS.get(name, 200), f"{name}: {address} answered {response}"
    if name in DRAWN_BY_SCRIPT:
        page.wait_for_selector(DRAWN_BY_SCRIPT[name])
    page.wait_for_load_state("load")
    return page


def test_the_walk_covers_every_public_html_route():
    """A page added later fails here until the walk (tests/accessibility.py) includes it."""
    walked = routes_walked(walk().values())
    left_out = set(public_routes()) - walked - set(NOT_HTML_PAGES)
    assert left_out == set(), f"public routes no accessibility test opens: {sorted(left_out)}"
    assert walked.isdisjoint(NOT_HTML_PAGES)
    # The list of routes left out names only routes that exist: none kept after its page went.
    assert set(NOT_HTML_PAGES) <= set(public_routes()), set(NOT_HTML_PAGES) - set(public_routes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", list(walk()))
def test_page_kind_has_no_axe_violations_at_both_widths(name, widths, live_server):
    a_small_archive()
    address = walk()[name]
    found = []
    for width_name, context in widths.items():
        page = open_page(context, live_server.url, name, address)
        keep_screenshot(page, f"a11y-{width_name}-{name}")
        violations = axe_violations(page)
        if violations:
            found.append(describe(violations, f"{name} ({address}) at {width_name} width"))
        page.close()
    assert found == [], "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_text_contrast_holds_in_both_colour_schemes(color_scheme, widths, live_server):
    """Runs in the dark scheme whether or not the stylesheet has one: without, it is the
    light page again, and passes as that does."""
    a_small_archive()
    addresses = walk()
    found = []
    for name in DARK_MODE_PAGES:
        page = open_page(widths["desktop"], live_server.url, name, addresses[name])
        page.emulate_media(color_scheme=color_scheme)
        scheme = f"(prefers-color-scheme: {color_scheme})"
        assert page.evaluate("scheme => matchMedia(scheme).matches", scheme), scheme
        keep_screenshot(page, f"a11y-{color_scheme}-{name}")
        violations = axe_violations(page, rules=["color-contrast", "link-in-text-block"])
        if violations:
            found.append(describe(violations, f"{name} in the {color_scheme} scheme"))
        page.close()
    assert found == [], "\n".join(found)


def tab_to(page, selector, most=80):
    """Press Tab until the focus is on an element matching the selector; how many presses."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{most} presses of Tab never reached {selector}")


FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""
FOCUSED = """() => {
  const element = document.activeElement;
  return element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + " " + (element.textContent || element.value || "").trim().slice(0, 40);
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_the_first_tab_reaches_a_visible_skip_link_to_the_content(width_name, widths, live_server):
    a_small_archive()
    page = open_page(widths[width_name], live_server.url, "home", walk()["home"])
    assert tab_to(page, "a.skip-link", most=1) == 1
    skip = page.locator("a.skip-link")
    assert skip.inner_text() == "Skip to content"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0 and box["width"] > 0, box
    assert page.evaluate(FOCUS_SHOWN)
    # What the reader sees: the window, with the skip link over the header.
    page.screenshot(path=ARTIFACTS / f"a11y-{width_name}-skip-link.png")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    page.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["home", "event", "topics-letter", "search-errors"])
def test_every_focused_control_shows_the_focus(name, widths, live_server):
    """The first sixty stops of the Tab key: links, buttons, fields, summaries."""
    a_small_archive()
    page = open_page(widths["desktop"], live_server.url, name, walk()[name])
    unmarked = []
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        if not page.evaluate(FOCUS_SHOWN):
            unmarked.append(page.evaluate(FOCUSED))
    page.close()
    assert unmarked == [], f"{name}: focused without a visible outline: {unmarked}"


@pytest.mark.django_db(transaction=True)
def test_a_search_with_the_keyboard_only(widths, live_server):
    a_small_archive()
    page = open_page(widths["desktop"], live_server.url, "home", walk()["home"])
    tab_to(page, "#site-search-words", most=10)
    page.keyboard.type("Wang")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Wang")
    assert "for “Wang”" in page.locator("#results-heading").inner_text()

    # The full form: open the filters, name a topic, submit with the form's own button.
    tab_to(page, ".search-form__filters summary")
    page.keyboard.press("Enter")
    tab_to(page, ".search-form input[name=topic]")
    page.keyboard.type("bo-xilai")
    tab_to(page, ".search-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?*topic=bo-xilai*")
    assert page.locator("#results-heading").inner_text() == "1 event for “Wang”"
    keep_screenshot(page, "a11y-desktop-keyboard-search")
    page.close()


def test_the_server_error_page_has_no_axe_violations_at_both_widths(browser):
    """The page no route answers on purpose: Django's own error handler renders 500.html
    with no context and no stylesheet (the error may be anywhere)."""
    found = []
    for width_name, options in WIDTHS.items():
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_content(render_to_string("500.html"))
        keep_screenshot(page, f"a11y-{width_name}-server-error")
        violations = axe_violations(page)
        if violations:
            found.append(describe(violations, f"server-error at {width_name} width"))
        context.close()
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

"""CSS-level checks of the stylesheet: dark mode keeps text readable (WCAG AA, 4.5:1), print
drops what only works on screen, and every public template writes dates one way."""

import re
from pathlib import Path

from django.conf import settings

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
TEMPLATES = Path(settings.BASE_DIR) / "templates" / "jinja2"
AA_TEXT = 4.5
# (text, background) variable pairs the pages draw text with.
TEXT_ON = [
    (text, background)
    for text in ("--ink", "--muted", "--accent")
    for background in ("--paper", "--surface", "--box", "--accent-soft")
]
# "8 February 2012", with the weekday on a day's heading; months and years on their own.
# Days one way, and a moment (a scheduled event's publish time on its preview) one way.
DATE_FORMATS = {"j F Y", "l j F Y", "F Y", "j F", "F", "Y", "j F Y, H:i T"}


def css() -> str:
    return STYLESHEET.read_text()


def media_block(query: str) -> str:
    """The rules inside `@media <query> { ... }`, braces balanced."""
    text = css()
    start = text.index("{", text.index(f"@media {query}")) + 1
    depth, position = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        position += 1
    return text[start : position - 1]


def variables(rules: str) -> dict[str, str]:
    root = re.search(r":root\s*\{([^}]*)\}", rules).group(1)
    return dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{6})", root))


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_knows_black_on_white():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0


def test_light_and_dark_text_colours_reach_aa_on_their_backgrounds():
    light = variables(css())
    light.update(variables(css()[css().index("/* ==== Reader's pages") :]))
    dark = variables(media_block("(prefers-color-scheme: dark)"))
    for palette in (light, dark):
        for text, background in TEXT_ON:
            ratio = contrast(palette[text], palette[background])
            assert ratio >= AA_TEXT, (text, background, palette[text], palette[background], ratio)


def test_dark_mode_redraws_every_light_surface():
    dark = media_block("(prefers-color-scheme: dark)")
    for selector in (".site-header", "button", ".draft-banner", 'input[type="search"]'):
        assert selector in dark, selector


def test_print_hides_navigation_and_forms_and_shows_where_sources_lead():
    printed = media_block("print")
    hidden = printed[: printed.index("display: none")]
    for selector in (".site-header", ".site-footer", "nav", "form"):
        assert re.search(rf"(^|[\s,]){re.escape(selector)}([\s,]|$)", hidden), selector
    assert 'a[rel~="noopener"][href^="http"]::after { content: " (" attr(href) ")"' in printed
    assert "break-inside: avoid" in printed
    assert "--ink: #000" in printed and "--paper: #fff" in printed


def test_public_templates_write_dates_one_way():
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r"\|(?:dated|date)\(\"([^\"]+)\"\)", template.read_text()))
    assert used and used <= DATE_FORMATS, used - DATE_FORMATS

"""Cross-site scripting payloads, and events that carry them in every field the archive or an
editor can fill: through the importer (archive files), the admin's forms, and the ORM."""

import datetime
from pathlib import Path

from django.urls import reverse

from events.models import Event
from tests.admin_forms import event_form, inline_management

# Text that would run script, add elements or attributes, or be read as markup, if a page
# or feed failed to escape it. Each calls alert() where it can: the browser test listens.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(2)">',
    "<img src=x:alert(3) onerror=eval(src)>",
    "<img src=x onerror=&#97;lert(4)>",
    "<svg onload=alert(5)>",
    "<svg/onload=alert(6)>",
    "<svg><script>alert(7)</script></svg>",
    '<svg><a xlink:href="javascript:alert(8)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>",
    "<body onload=alert(10)>",
    '<iframe src="javascript:alert(11)"></iframe>',
    '<iframe srcdoc="<script>alert(12)</script>"></iframe>',
    '<a href="javascript:alert(13)">click</a>',
    '<a href="JaVaScRiPt:alert(14)">click</a>',
    '<a href="&#106;avascript:alert(15)">click</a>',
    '<a href="java&#x09;script:alert(16)">click</a>',
    '<a href="  javascript:alert(17)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxOCk8L3NjcmlwdD4=">click</a>',
    '<a href="vbscript:msgbox(19)">click</a>',
    "<a href=//evil.example/20>protocol-relative</a>",
    '"><script>alert(21)</script>',
    "'><img src=x onerror=alert(22)>",
    '" onmouseover="alert(23)" x="',
    "' onfocus='alert(24)' autofocus='",
    "</title><script>alert(25)</script>",
    "</script><script>alert(26)</script>",
    "</ScRiPt><script>alert(27)</script>",
    '"--></style></script><script>alert(28)</script>',
    "\u2028\u2029</script><script>alert(29)</script>",
    "<!--<script>alert(30)</script>-->",
    "<details open ontoggle=alert(31)>",
    "<input autofocus onfocus=alert(32)>",
    "<video><source onerror=alert(33)></video>",
    '<object data="javascript:alert(34)"></object>',
    '<embed src="javascript:alert(35)">',
    '<base href="javascript:alert(36)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(37)">',
    '<form action="javascript:alert(38)"><button>go</button></form>',
    '<button formaction="javascript:alert(39)">go</button>',
    '<style>*{background:url("javascript:alert(40)")}</style>',
    '<div style="background:url(javascript:alert(41))">styled</div>',
    '<link rel=stylesheet href="javascript:alert(42)">',
    "<marquee onstart=alert(43)>",
    "<textarea></textarea><script>alert(44)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(45)>">',
    "<scr<script>ipt>alert(46)</scr</script>ipt>",
    "]]><script>alert(47)</script>",
    '<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(48)</x:script>',
    '<?xml-stylesheet href="javascript:alert(49)"?>',
    "&lt;script&gt;alert(50)&lt;/script&gt;",
    "&#60;script&#62;alert(51)&#60;/script&#62;",
    "\uff1cscript\uff1ealert(52)\uff1c/script\uff1e",
    "\u202e<script>alert(53)</script>",
    "\u200b<img\u200bsrc=x onerror=alert(54)>",
    "{{ 7|add:7 }} {% debug %}",
    "{% load static %}{% static 'x' %}{{ request.META }}",
    "${alert(57)} `${alert(57)}`",
    "javascript:alert(58)",
    "@import 'javascript:alert(59)';",
]

# Links an editor or the archive may try: refused (never stored), whatever their case or
# disguise.
UNSAFE_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "javascript&#58;alert(1)",
    "file:///etc/passwd",
]
# Real http(s) links carrying markup: stored, and rendered as inert attribute values.
TRICKY_URLS = [
    'https://evil.example/"onmouseover="alert(1)',
    "https://evil.example/'><script>alert(2)</script>",
    "https://evil.example/<img/src=x/onerror=alert(3)>",
    "https://evil.example/?q=</script><script>alert(4)</script>",
]

IMPORT_DAY = datetime.date(2012, 2, 8)
ADMIN_DAY = datetime.date(2012, 2, 9)
DAY_FOLDER = "news/2012/02/8"


def payload(number: int) -> str:
    return PAYLOADS[number % len(PAYLOADS)]


def topic_names(number: int) -> str:
    """Two payload topics for a related line; commas would split them, so none inside."""
    return ", ".join(payload(number + k).replace(",", ";") for k in (1, 2))


def archive_event(number: int) -> str:
    """An event file with a payload in every part: headline, summary, sources, cover,
    related headlines and contexts (the topics), beside an unsafe link the import refuses."""
    url = TRICKY_URLS[number % len(TRICKY_URLS)]
    unsafe = UNSAFE_URLS[number % len(UNSAFE_URLS)].replace("\t", "%09")
    later = f"/{DAY_FOLDER}/xss-{(number + 1) % len(PAYLOADS)}.md"
    context = f"_Context: {topic_names(number)}_"
    return (
        f"### [2012-02-8](/{DAY_FOLDER}/index.md)\n\n"
        f"# {payload(number)} \n\n"
        f"{payload(number + 3)}\n\n{payload(number + 4)}\n\n\n"
        "### Source:\n\n"
        f"1. [{payload(number + 5)}]({url})\n"
        f"1. [Cover Image]({url})\n"
        f"1. [{payload(number + 6)}]({unsafe})\n\n"
        "### Related:\n\n"
        f"1. [{payload(number + 7)} ]({later}) {context}\n"
        f"2. [{payload(number + 8)} ](/news/2099/01/1/not-yet.md) {context}\n"
    )


def snapshot(number: int) -> str:
    return f"{payload(number + 9)}\n\n{payload(number + 10)}\n{payload(number + 11)}\n"


def write_xss_archive(root: Path) -> Path:
    folder = root / DAY_FOLDER
    folder.mkdir(parents=True)
    for number in range(len(PAYLOADS)):
        (folder / f"xss-{number}.md").write_text(archive_event(number), encoding="utf-8")
        (folder / f"xss-{number}.source-1.txt").write_text(snapshot(number), encoding="utf-8")
    return root


def admin_event_post(number: int) -> dict:
    """The admin's add form, a payload in every text field an editor can fill."""
    return event_form(
        headline=payload(number),
        summary=f"{payload(number + 1)}\n\n{payload(number + 2)}",
        date=ADMIN_DAY.isoformat(),
        slug=f"admin-xss-{number}",
        # A topic's name holds no comma (a related line separates its topics with them).
        topics=[payload(number + 3).replace(",", ";"), *topic_names(number).split(", ")],
        cover_image_url=TRICKY_URLS[number % len(TRICKY_URLS)],
        **inline_management("sources", 1),
        **{
            "sources-0-position": "0",
            "sources-0-name": payload(number + 4),
            "sources-0-url": TRICKY_URLS[(number + 1) % len(TRICKY_URLS)],
            "sources-0-snapshot_title": payload(number + 5),
        },
        **inline_management("related_links", 1),
        **{
            "related_links-0-position": "0",
            "related_links-0-target": "",
            "related_links-0-target_headline": payload(number + 6),
            "related_links-0-target_path": f"/news/2099/01/1/admin-{number}.md",
            "related_links-0-context": topic_names(number + 7),
        },
    )


def add_through_the_admin(client, number: int) -> Event:
    response = client.post(reverse("admin:events_event_add"), admin_event_post(number))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(date=ADMIN_DAY, slug=f"admin-xss-{number}")
    # What the admin's event form has no field for, set as the ORM would.
    event.sources.update(snapshot_text=f"{payload(number + 8)}\n\n{payload(number + 9)}")
    return event

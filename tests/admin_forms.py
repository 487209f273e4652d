"""Building admin form posts: by hand for new events, or read from a rendered page as a
browser would submit it (hidden fields, selected options and inline rows included)."""

from html.parser import HTMLParser

from django.urls import reverse

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_form(**overrides):
    """A complete add-form post: an event with two sources, one related link and two topics."""
    data = {
        "headline": "Wang Lijun goes to the Chongqing U.S. Consulate.",
        "summary": "First paragraph.\n\nSecond paragraph.",
        "date": "2012-02-08",
        "position": "0",
        "status": "published",
        "topics": ["Chongqing", "Wang Lijun"],
        "slug": "",
        "cover_image_url": "http://ichef-1.bbci.co.uk/news/1024/cover.jpg",
        **inline_management("sources", 2),
        "sources-0-position": "0",
        "sources-0-name": "BBC",
        "sources-0-url": "http://www.bbc.co.uk/news/world-asia-china-16940146",
        "sources-1-position": "1",
        "sources-1-name": "AP via Winnipeg Free Press",
        "sources-1-url": "https://www.winnipegfreepress.com/world/ap-story",
        **inline_management("related_links", 1),
        "related_links-0-position": "0",
        "related_links-0-target": "",
        "related_links-0-target_headline": "Wang Lijun faces charges.",
        "related_links-0-target_path": "/news/2012/09/5/wang-lijun-faces-charges.md",
        "related_links-0-context": "Chongqing, Wang Lijun",
    }
    data.update(overrides)
    return data


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def open_change_form(client, event) -> dict:
    """GET the event's change page and return what submitting it unchanged would post."""
    response = client.get(change_url(event))
    assert response.status_code == 200
    return form_data(response.content.decode(), "event_form")


def add_inline_row(data: dict, prefix: str, **fields) -> dict:
    """Append one row to an inline formset in `data`, as "Add another" does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def form_data(html: str, form_id: str) -> dict:
    parser = _FormReader(form_id)
    parser.feed(html)
    parser.close()
    assert parser.found, f"no form with id {form_id!r} on the page"
    return {
        name: values[0] if len(values) == 1 else values for name, values in parser.values.items()
    }


class _FormReader(HTMLParser):
    """The name/value pairs a browser submits for one form."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.found = self.inside = False
        self.values: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            self.found = self.found or self.inside
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {
                "name": name,
                "multiple": "multiple" in attrs,
                "first": None,
                "chosen": [],
            }
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the newline that directly follows <textarea>.
            self.add(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["chosen"]
            if not chosen and not select["multiple"] and select["first"] is not None:
                chosen = [select["first"]]
            for value in chosen:
                self.add(select["name"], value)
            self._select = None

"""Old addresses of moved events and topics: recorded when they move, answered with a 301.

When a public event's date or slug changes, its old page and its old archive `.md` path keep
working; when topics are renamed or merged, their old pages (and feeds) lead to the topic that
has their events now. The fallback middleware looks only at requests a view answered with 404,
so a live page always wins over a redirect.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponsePermanentRedirect

from ..models import Event, Redirect, TaggedEvent, Topic


def old_event_paths(stored: Event) -> list[str]:
    """The addresses worth keeping from an event as stored: none when the public never saw it."""
    return stored.public_paths() if stored.is_published else []


def claim_event_paths(event: Event, old_paths: list[str] = ()) -> None:
    """`event` now lives at its current addresses; the `old_paths` it left lead to it.

    A redirect of another event at one of its addresses is kept: while `event` is not public
    (a draft, or scheduled for later: decided at request time) that address is a 404 and the
    redirect still leads readers to the page that left it; once `event` is public its page
    answers, and the fallback, which only looks at 404s, never competes with it. Only its own
    redirects to where it is now go (it moved back): they would lead nowhere new.
    """
    current = event.public_paths()
    Redirect.objects.filter(old_path__in=current, event=event).delete()
    for path in old_paths:
        if path not in current:
            Redirect.objects.update_or_create(
                old_path=path, defaults={"event": event, "topic": None, "target_url_name": ""}
            )


def move_topic_paths(old_paths: dict[str, str], topic: Topic) -> None:
    """The pages of a renamed or merged-away topic lead to the same kind of page of `topic`."""
    current = set(topic.public_paths().values())
    Redirect.objects.filter(old_path__in=current).delete()
    for url_name, path in old_paths.items():
        if path not in current:
            Redirect.objects.update_or_create(
                old_path=path,
                defaults={"event": None, "topic": topic, "target_url_name": url_name},
            )


def find_redirect(path: str) -> Redirect | None:
    """The redirect for `path` whose target the public may see, in one indexed query."""
    public_event = Event.objects.published()
    topic_in_public_use = Exists(
        TaggedEvent.objects.of_public_events().filter(tag=OuterRef("topic"))
    )
    return (
        Redirect.objects.alias(has_public_events=topic_in_public_use)
        .filter(old_path=path)
        .filter(Q(event__in=public_event) | Q(topic__isnull=False, has_public_events=True))
        .select_related("event", "topic")
        .first()
    )


class RedirectFallbackMiddleware:
    """Like django.contrib.redirects' fallback: a 404 for an old address becomes a 301."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        redirect = find_redirect(request.path)
        if redirect is None:
            return response
        target = redirect.target_url()
        if target == request.path:
            return response  # never redirect a page to itself
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

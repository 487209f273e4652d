"""`/topics`: the topics that have public events, with counts; one topic."""

from typing import Annotated

from django.http import Http404
from ninja import Path, Query, Router
from pydantic import StringConstraints

from ..http_cache import keys
from ..http_cache.headers import tell
from . import queries, schemas
from .params import NoParameters, TopicFilters, only
from .present import Addresses, json_response

router = Router(tags=["topics"])

TopicSlug = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=r"^[^/\x00]+$")]


@router.get("/topics", response={200: schemas.TopicPage, 400: schemas.Error}, url_name="topics")
@only(TopicFilters)
def list_topics(request, filters: Query[TopicFilters]):
    """Topics that have public events, by name, each with its number of them."""
    topics, following = queries.topics_page(filters)
    tell(request, [keys.TOPIC_INDEX, keys.API, keys.LISTS])
    addresses = Addresses(request)
    return addresses.page([addresses.topic_with_count(topic) for topic in topics], following)


@router.get(
    "/topics/{slug}",
    response={200: schemas.Topic, 400: schemas.Error, 404: schemas.Error},
    url_name="topic",
)
@only(NoParameters)
def get_topic(request, slug: Path[TopicSlug]):
    """A topic, its number of public events and the address of their list."""
    topic = queries.topic(slug)
    if topic is None:
        raise Http404
    tell(request, [keys.topic_key(topic.pk)])
    return json_response(Addresses(request).topic_with_count(topic))

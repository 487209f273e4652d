"""The hand-written statements' public condition, compiled once per database, is the
queryset's own at every time asked, and picks the events the queryset picks."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from events.sql import public_condition, visible_condition

TIMES = [
    datetime.datetime(2012, 2, 8, 12, 0, tzinfo=datetime.UTC),
    datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC),
    timezone.now(),
    timezone.now() + datetime.timedelta(days=400),
]


@pytest.mark.django_db
@pytest.mark.parametrize("now", TIMES)
def test_same_sql_and_parameters_as_the_querysets_compile(now):
    assert public_condition(now=now) == visible_condition(Event.objects.published(now=now))


@pytest.mark.django_db
def test_picks_the_events_the_queryset_picks():
    base = timezone.now()
    made = {
        "published": Event.objects.create(
            date=datetime.date(2012, 2, 8),
            headline="Published",
            slug="published",
            status="published",
        ),
        "draft": Event.objects.create(
            date=datetime.date(2012, 2, 8), headline="Draft", slug="draft", status="draft"
        ),
        "due": Event.objects.create(
            date=datetime.date(2012, 2, 8),
            headline="Due",
            slug="due",
            status="scheduled",
            publish_at=base - datetime.timedelta(minutes=1),
        ),
        "later": Event.objects.create(
            date=datetime.date(2012, 2, 8),
            headline="Later",
            slug="later",
            status="scheduled",
            publish_at=base + datetime.timedelta(hours=1),
        ),
    }
    for now in (base, base + datetime.timedelta(hours=2)):
        sql, params = public_condition(now=now)
        table = Event._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} WHERE {sql}", params)  # noqa: S608
            found = {row[0] for row in cursor.fetchall()}
        expected = set(Event.objects.published(now=now).values_list("pk", flat=True))
        assert found == expected
    later_ids = {made["published"].pk, made["due"].pk, made["later"].pk}
    assert found == later_ids  # two hours on, the scheduled event is public too

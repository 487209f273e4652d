"""The API's OpenAPI schema: valid OpenAPI 3, and what the API really answers. Schemathesis
runs it in-process against the WSGI application with all its default checks: no server error,
no undocumented status, no answer outside the schema. Bounded examples here; `make stress`
runs many more (HYPOTHESIS_PROFILE=stress)."""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.config import SchemathesisConfig

from events.api.urls import api as newsroom_api
from events.models import Event
from tests.api import api
from tests.factories import EventFactory, RelatedFactory, SourceFactory, event_with_details

FEB_8 = datetime.date(2012, 2, 8)
# Examples per operation: a quarter of the profile's (25 in CI, 500 under `make stress`).
EXAMPLES = max(10, settings.default.max_examples // 4)


@pytest.mark.django_db
def test_the_schema_is_valid_openapi(client):
    response = client.get(api("openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert {"/api/v1/events", "/api/v1/events/{id}", "/api/v1/days", "/api/v1/topics"} <= set(
        schema["paths"]
    )


@pytest.fixture
def connection_kept():
    """The WSGI application closes the database connection after each request; the test's
    transaction lives on it. Django's own test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def archive(db, connection_kept):
    """A small archive with every kind of thing the API shows, drafts among it."""
    story = event_with_details(FEB_8, headline="Wang Lijun visits the consulate.")
    SourceFactory(event=story, snapshot_title="Archived", snapshot_text="The article.")
    later = EventFactory(date=datetime.date(2012, 3, 1), topics=["Chongqing", "Bo Xilai"])
    RelatedFactory(event=story, target=later, target_path=later.legacy_path)
    EventFactory(date=FEB_8, status=Event.Status.DRAFT, topics=["Secret"])


# Schemathesis's default checks, with one thing said about this API: a request the schema
# allows may still be a 400 when its parameters disagree with each other or with the data (a
# range that ends before it starts, a cursor the API never gave), which no schema can express.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}}}
)
# The schema the API serves at /api/v1/openapi.json (the test above checks it is), made without
# a request: collecting the tests may not touch the database. Calls go to the WSGI application.
schema = schemathesis.openapi.from_dict(newsroom_api.get_openapi_schema(), config=CONFIG)
schema.app = get_wsgi_application()


@pytest.mark.api_fuzz
@schema.parametrize()
# The archive is only read: the same one may serve every example.
@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_answers_as_its_schema_says(case, archive):
    case.call_and_validate()

"""`/healthz` tells its checks (the database, the front caches' internal addresses, pending
purges) only to the probe itself, a trusted proxy's own request, and to staff; anyone else
sees the status alone. Through Varnish every reader arrives from a trusted address too, but
with X-Forwarded-For."""

import json

import pytest
from django.test import Client

from tests.purge_receiver import purge_receiver

pytestmark = pytest.mark.django_db(transaction=True)  # the check opens its own connection

PROXY, READER = "127.0.0.1", "203.0.113.9"


@pytest.fixture
def cache_address(settings):
    with purge_receiver() as receiver:
        settings.NEWSROOM_PURGE_URLS = [receiver.url]
        settings.NEWSROOM_TRUSTED_PROXIES = [PROXY]
        yield receiver.url


def health(client: Client, **meta) -> tuple[int, dict, str]:
    response = client.get("/healthz", **meta)
    return response.status_code, json.loads(response.content), response.content.decode()


@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": READER},
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": READER},
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": PROXY},  # forged: still forwarded
        {"REMOTE_ADDR": READER, "HTTP_X_FORWARDED_FOR": ""},
    ],
)
def test_readers_see_the_status_alone(cache_address, meta):
    status, body, text = health(Client(), **meta)
    assert (status, body) == (200, {"status": "ok"})
    assert cache_address not in text and "127.0.0.1" not in text


def test_the_probe_itself_sees_every_check(cache_address):
    status, body, _ = health(Client(), REMOTE_ADDR=PROXY)
    assert status == 200
    assert body["checks"] == {"database": "ok"}
    assert body["purge targets"] == {cache_address: "ok"}
    assert body["pending purges"] == 0


def test_staff_see_every_check_from_anywhere(cache_address, django_user_model):
    staff = Client()
    staff.force_login(django_user_model.objects.create_user(username="ops", is_staff=True))
    _, body, _ = health(staff, REMOTE_ADDR=READER, HTTP_X_FORWARDED_FOR=READER)
    assert body["purge targets"] == {cache_address: "ok"}


def test_a_signed_in_reader_who_is_not_staff_sees_the_status_alone(
    cache_address, django_user_model
):
    reader = Client()
    reader.force_login(django_user_model.objects.create_user(username="reader"))
    assert health(reader, REMOTE_ADDR=READER)[1] == {"status": "ok"}

"""The site's icons: browsers ask for /favicon.ico on every site, whatever a page links to."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "content_type", "magic"),
    [
        ("/favicon.ico", "image/", b"\x00\x00\x01\x00"),
        ("/apple-touch-icon.png", "image/png", b"\x89PNG"),
    ],
)
def test_icons_are_served_at_the_root_and_cached_like_static_files(
    client, path, content_type, magic
):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert b"".join(response.streaming_content).startswith(magic)
    assert "max-age" in response["Cache-Control"]
    assert "private" not in response["Cache-Control"]


def test_pages_link_their_icons(client):
    html = client.get("/topics/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html

"""Helpers for the read API's tests: addresses and reading a whole paged list."""

from django.urls import reverse


def api(name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs=kwargs)


def walk(client, url: str, params: dict, between_pages=None) -> list[dict]:
    """Every result of a paged list, following `next`; `between_pages(n)` runs after page n."""
    results, pages = [], 0
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        results.extend(body["results"])
        pages += 1
        if body["next"] is None:
            return results
        assert pages < 1000, "the walk does not end"
        if between_pages:
            between_pages(pages)
        response = client.get(body["next"])

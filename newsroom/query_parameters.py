"""The query parameters each public page takes, in one table: the front cache keeps only these
(deploy/varnish/newsroom.vcl, its lists written from this table by `manage.py
vcl_parameters`), and Django hands the views only these (`KnownParametersMiddleware`).

So a parameter a page does not take changes nothing, behind Varnish or not: `?x=1` and `?x=2`
on a day page are one cached object and one answer, and a random parameter can no longer mint
a new object that costs a render. A parameter added to a page's form must join its row here,
or it is stripped: tests/test_query_parameters.py holds the forms, the table and the VCL to
each other. The read API (/api/) and the admin are not public pages: their query strings
reach Django unchanged (the API answers an unknown parameter with a 400 naming it).
"""

from dataclasses import dataclass

from django.http import QueryDict

PAGE = "page"


@dataclass(frozen=True)
class PageParameters:
    """A public address (its URL name, and its path as a regular expression for Varnish)
    and the parameters its page takes."""

    url_name: str
    path_pattern: str
    parameters: tuple[str, ...]


YEAR = "[0-9]{4}"
MONTH = "[0-9]{2}"
DAY = "[0-9]{1,2}"
SEGMENT = "[^/?]+"

# Every public page that takes a parameter. Any other public page takes none: its query string
# is dropped. Sorted by name within a row (as Varnish sorts the query).
TABLE = (
    PageParameters("events:month", f"/news/{YEAR}/{MONTH}/", (PAGE,)),
    PageParameters("events:day", f"/news/{YEAR}/{MONTH}/{DAY}/", (PAGE, "view")),
    PageParameters("events:on_this_day_today", "/on-this-day/", (PAGE,)),
    PageParameters("events:on_this_day", f"/on-this-day/{MONTH}-{MONTH}/", (PAGE,)),
    PageParameters("events:topics", "/topics/", ("letter", PAGE, "q", "sort")),
    PageParameters("events:topic", f"/topics/{SEGMENT}/", (PAGE,)),
    PageParameters(
        "events:search",
        "/search/",
        ("date", "date_from", "date_to", "outlet", PAGE, "q", "sort", "topic"),
    ),
    PageParameters("events:go_to_date", "/date/", ("date",)),
    PageParameters("sources:outlets", "/outlets/", (PAGE,)),
    PageParameters("sources:outlet", f"/outlets/{SEGMENT}/", (PAGE,)),
    PageParameters("sitemap_section", r"/sitemap-[^/?]+\.xml", ("p",)),
)
BY_URL_NAME = {row.url_name: row.parameters for row in TABLE}

# Not public pages: their query strings reach Django as sent (Varnish passes the admin and
# leaves /api/'s query alone).
UNTOUCHED_PATHS = ("/admin/", "/api/", "/healthz")


def parameters_of(url_name: str) -> tuple[str, ...]:
    """The parameters the public page named `url_name` takes (none when it is not listed)."""
    return BY_URL_NAME.get(url_name, ())


def known_only(query: QueryDict, parameters: tuple[str, ...]) -> QueryDict:
    """`query` without the parameters not in `parameters` (every value of those kept)."""
    if query.keys() <= set(parameters):
        return query
    kept = QueryDict(mutable=True)
    for name in parameters:
        if name in query:
            kept.setlist(name, query.getlist(name))
    return QueryDict(kept.urlencode())  # read-only, as Django's own


class KnownParametersMiddleware:
    """A public page sees only the parameters its row of `TABLE` names: the same request
    Varnish sends it, so a page answers an unknown parameter as if it were absent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.GET:
            return None
        if request.path.startswith(UNTOUCHED_PATHS):
            return None
        request.GET = known_only(request.GET, parameters_of(match.view_name))
        return None


# The VCL's generated part sits between these lines (deploy/varnish/newsroom.vcl).
VCL_BEGIN = "    # BEGIN parameters: written by `python manage.py vcl_parameters` from"
VCL_END = "    # END parameters"


def vcl_block() -> str:
    """The VCL that keeps, per path, only the parameters of `TABLE` (every other query is
    dropped whole), from the line `VCL_BEGIN` to `VCL_END`."""
    lines = [VCL_BEGIN, "    # newsroom/query_parameters.py; edit the table, not this."]
    keyword = "if"
    for row in TABLE:
        names = "|".join(row.parameters)
        lines += [
            f'    {keyword} (req.url ~ "^{row.path_pattern}\\?") {{',
            f"        # {row.url_name}",
            "        set req.url = regsuball(",
            f'            req.url, "(?<=[?&])(?!({names})(=|&|$))[^&]*(&|$)", "");',
        ]
        keyword = "} elsif"
    lines += ["    } else {", '        set req.url = regsub(req.url, "\\?.*$", "");', "    }"]
    return "\n".join([*lines, VCL_END])


def vcl_with_block(vcl: str) -> str:
    """`vcl` (the VCL file's text) with its generated part written anew."""
    start = vcl.index(VCL_BEGIN)
    end = vcl.index(VCL_END, start) + len(VCL_END)
    return vcl[:start] + vcl_block() + vcl[end:]

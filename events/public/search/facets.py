"""Facets of a search: how its matches (all of them, not only the page shown) spread over
years, topics and outlets. Three GROUP BY statements over the matching events' ids, whatever
the number of matches; each value carries the filter that narrows the search to it. Every match
falls in one year, so the years' counts add up to the number of matches: the search page's
paginator takes that sum (`Facets.total`) instead of a COUNT that would match the words again."""

from dataclasses import dataclass, field

from django.db.models import Count

from sources.models import Source

from ...periods import group_start, period_of
from ..queries.topics import topics_most_seen_on

TOP_VALUES = 10  # topics and outlets shown; years are few and all shown


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    narrowing: dict = field(hash=False)  # the query parameters that select this value
    chosen: bool = False


@dataclass(frozen=True)
class Facets:
    years: list[FacetValue]
    topics: list[FacetValue]
    outlets: list[FacetValue]

    def __bool__(self) -> bool:
        return bool(self.years or self.topics or self.outlets)

    @property
    def total(self) -> int:
        """How many events match (each has a date, so a year)."""
        return sum(year.count for year in self.years)


def search_facets(matches, chosen: dict) -> Facets:
    """Facets of `matches` (the filtered, unordered events); `chosen`: the filters given, so
    the value already chosen is shown as such."""
    ids = matches.order_by().values("pk")
    return Facets(
        years=year_values(matches, chosen),
        topics=topic_values(ids, chosen),
        outlets=outlet_values(ids, chosen),
    )


def year_values(matches, chosen: dict) -> list[FacetValue]:
    rows = (
        matches.order_by()
        .annotate(year=period_of("date", "year", matches.db))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    rows = [{"year": group_start(row["year"]).year, "count": row["count"]} for row in rows]
    return [
        FacetValue(
            str(row["year"]),
            row["count"],
            {
                "date": None,
                "date_from": f"{row['year']:04d}-01-01",
                "date_to": f"{row['year']:04d}-12-31",
            },
            chosen=_year_chosen(row["year"], chosen),
        )
        for row in rows
    ]


def _year_chosen(year: int, chosen: dict) -> bool:
    start, end = chosen.get("date_from"), chosen.get("date_to")
    return bool(start and end and start.year == end.year == year)


def topic_values(ids, chosen: dict) -> list[FacetValue]:
    """The topics the public sees on the matches, most events first."""
    rows = topics_most_seen_on(ids)[:TOP_VALUES]
    topic = chosen.get("topic")
    return [
        FacetValue(
            row["tag__name"],
            row["count"],
            {"topic": row["tag__slug"]},
            chosen=topic is not None and topic.slug == row["tag__slug"],
        )
        for row in rows
    ]


def outlet_values(ids, chosen: dict) -> list[FacetValue]:
    """The outlets the matches cite, by display name, most events first."""
    rows = (
        Source.objects.filter(event__in=ids, outlet__isnull=False)
        .values("outlet__domain", "outlet__name")
        .annotate(count=Count("event", distinct=True))
        .order_by("-count", "outlet__domain")[:TOP_VALUES]
    )
    outlet = (chosen.get("outlet") or "").lower()
    return [
        FacetValue(
            row["outlet__name"] or row["outlet__domain"],
            row["count"],
            {"outlet": row["outlet__domain"]},
            chosen=outlet == row["outlet__domain"],
        )
        for row in rows
    ]

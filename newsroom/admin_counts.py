"""Counts the admin's long lists show: estimated past ESTIMATE_ABOVE rows on PostgreSQL,
and said to be ("about 43,000 events").

Counting a changelist's rows exactly reads every row its filters leave (a million events:
hundreds of milliseconds each time a page of 100 is shown). PostgreSQL's planner already
estimates that number from its statistics, for the statement as filtered: EXPLAIN gives it
without running the statement. Below the threshold the estimate is unsure relative to the
count and the exact count is cheap, so it is counted. SQLite has no estimate: it counts.

An estimate can also be far above the truth (statistics taken before many rows were deleted;
a filter the planner guesses badly), so before showing one, the list's rows are counted up to
the threshold: a list that short is shown with its exact count, whatever the estimate said.
That count reads at most ESTIMATE_ABOVE + 1 rows, whatever the table's size.
"""

import json

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

ESTIMATE_ABOVE = 10_000


def estimated_rows(queryset) -> int | None:
    """The planner's estimate of how many rows `queryset` gives, or None (not PostgreSQL)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:
        return 0  # nothing to ask: a filter left no rows (`none()`, an empty id list)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatingPaginator(Paginator):
    """Django's paginator, counting exactly only up to ESTIMATE_ABOVE estimated rows."""

    estimated = False

    @cached_property
    def count(self) -> int:
        estimate = estimated_rows(self.object_list)
        if estimate is None or estimate <= ESTIMATE_ABOVE:
            return super().count
        counted_up_to_threshold = self.object_list.order_by()[: ESTIMATE_ABOVE + 1].count()
        if counted_up_to_threshold <= ESTIMATE_ABOVE:
            return counted_up_to_threshold
        self.estimated = True
        return max(estimate, counted_up_to_threshold)


class EstimatedCounts:
    """For a ModelAdmin: its changelist's count is `EstimatingPaginator`'s, and the count of
    every row beside a filtered one ("3 of 1,000,000") is not asked for (Django counts every
    row of the table for it)."""

    paginator = EstimatingPaginator
    show_full_result_count = False

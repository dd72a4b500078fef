"""A paginator that does not count a whole large list on every page view.

`Paginator.count` runs an exact `SELECT COUNT(*)` over the full filtered list; on the award
register at province scale (500,000 records) that was 87 ms of a 124 ms page (issue 17). The
`WindowCountPaginator` counts only a bounded window after the requested page's start: at most
`window + 1` rows are read, so the cost does not grow with the list. When the list goes on beyond
the window, the total is shown as a lower bound ("hơn 1.050") and the user can ask for the exact
number (`?count=exact`), which runs the full count for that one view.

`DeferredJoinPaginator` keeps the exact count but reads a deep page cheaply: it first reads the
page's primary keys only (an index-only scan over the list's order), from the nearer end of the
list, then loads those rows with their related objects.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class WindowCountPaginator(Paginator):
    """Paginator whose `count` is exact only up to `window` rows after the current page's start.

    Arguments as `django.core.paginator.Paginator`, plus `window` (rows, default 1,000) and
    `exact` (bool: run the full COUNT(*) instead). After `page(n)`, `count_is_lower_bound`
    says whether more rows exist beyond the counted window; `count` is then a lower bound and
    `num_pages` the last page known so far (the next window is counted from a later page).
    """

    def __init__(self, *args, window: int = 1000, exact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.window = window
        self.exact = exact
        self.count_is_lower_bound = False
        self._start = 0

    def page(self, number):
        """Page `number` (as `Paginator.page`; raises what it raises). Unless the count is exact
        or was already taken, one query reads the primary keys of the counted window (which also
        gives the count) and a second loads the page's rows by key, with the QuerySet's
        select_related / prefetch_related: a search then runs its filter once, not twice (the
        register search at 500,000 records spent ≈13 ms in each, `make bench`, issue 17)."""
        # Count from the requested page's first row so that the page itself is always reachable.
        try:
            n = int(number)
        except (TypeError, ValueError):
            n = 1
        self._start = max(n - 1, 0) * self.per_page
        if self.exact or "count" in self.__dict__ or not hasattr(self.object_list, "values_list"):
            return super().page(number)
        keys = self._window_keys()
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = keys[bottom - self._start : top - self._start]
        rows = self.object_list.in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def _window_keys(self) -> list:
        """Primary keys of the window from the current start (at most `window + 1`), in list
        order; sets `count` and `count_is_lower_bound` as `count` would."""
        keys = self.object_list.values_list("pk", flat=True)
        start, window = self._start, self.window
        found = list(keys[start : start + window + 1])
        if not found and start:
            # Past the end (a stale link): count from the start so Django can say "no such page".
            self._start = start = 0
            found = list(keys[: window + 1])
        self.count_is_lower_bound = len(found) > window
        self.__dict__["count"] = start + min(len(found), window)
        return found

    @cached_property
    def count(self):
        """Rows in the list: exact when asked or when the list ends within the window."""
        if self.exact:
            return super().count
        start, window = self._start, self.window
        counted = self.object_list[start : start + window + 1].count()
        if counted == 0 and start:
            # Past the end (a stale link): count from the start so Django can say "no such page".
            self._start = 0
            counted = self.object_list[: window + 1].count()
            start = 0
        self.count_is_lower_bound = counted > window
        return start + min(counted, window)


class DeferredJoinPaginator(Paginator):
    """Paginator that reads a page's keys first, then its rows ("deferred join").

    Arguments as `django.core.paginator.Paginator`; `object_list` must be an ordered QuerySet.
    `page(n)` reads `per_page` primary keys at offset (n - 1) × per_page with a query that an
    index over the order (plus the filter columns) answers without touching the table; a page in
    the second half of the list is read in reverse order from the end, so the offset never exceeds
    half the list. The rows of those keys are then loaded with the QuerySet's select_related /
    prefetch_related and returned in list order. The last page of 60,000 people went from
    ≈320 ms (OFFSET over full rows) to a few ms (`make bench`, issue 17). Raises what
    `Paginator.page` raises (PageNotAnInteger, EmptyPage).

    `count_inputs` (model classes the list reads, optional): the exact count is then cached under
    the list's SQL until one of those tables changes (`core.caching`): counting a province's
    60,000 people took ≈6–9 ms of every view (issue 17). Without it the count runs each time.
    """

    def __init__(self, *args, count_inputs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.count_inputs = list(count_inputs)

    @cached_property
    def count(self):
        """The exact number of rows in the list (int), from the cache when `count_inputs` is set."""
        if not self.count_inputs:
            return Paginator.count.func(self)
        from core import caching

        sql, params = self.object_list.order_by().values("pk").query.sql_with_params()
        return caching.cached_aggregate(
            "core:list_count", [sql, list(params)], self.count_inputs, lambda: Paginator.count.func(self)
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values_list("pk", flat=True)
        if bottom > self.count // 2:
            ids = list(keys.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(keys[bottom:top])
        rows = self.object_list.in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

"""The reports' arithmetic: percentiles read off per-minute histograms, shares, the busiest
hour, tallies that add, and the period's checks — no database."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.errors import BadRequest
from queue_server.screens.reports import (
    Tally,
    _dense,
    _sum_dense,
    busiest,
    check_request,
    percentile_minutes,
    share,
)


def test_the_median_of_three_waits_is_the_middle_of_the_middle_minute():
    assert percentile_minutes({4: 1, 12: 1, 20: 1}, 0.5) == 12.5


def test_a_percentile_never_passes_the_exact_maximum():
    assert percentile_minutes({4: 1, 12: 1, 20: 1}, 0.9, cap=20.0) == 20.0


def test_nothing_counted_has_no_percentile():
    assert percentile_minutes({}, 0.5) is None
    assert percentile_minutes({3: 0}, 0.5) is None


def test_the_90th_percentile_of_ten_is_the_ninth():
    assert percentile_minutes({m: 1 for m in range(10)}, 0.9) == 8.5


@given(st.lists(st.floats(min_value=0, max_value=300 * 60, allow_nan=False), min_size=1,
                max_size=200), st.sampled_from([0.5, 0.9]))
def test_a_histogram_percentile_is_within_half_a_minute_of_the_exact_one(seconds, fraction):
    exact = sorted(s / 60 for s in seconds)
    nearest_rank = exact[max(1, math.ceil(fraction * len(exact))) - 1]
    histogram = Counter(int(s // 60) for s in seconds)
    estimate = percentile_minutes(histogram, fraction, cap=round(max(exact), 1))
    assert abs(estimate - nearest_rank) <= 0.5 + 0.05


def test_shares_have_four_places_and_none_without_a_whole():
    assert share(2, 3) == 0.6667
    assert share(0, 0) is None


def test_the_busiest_hour_is_the_earliest_of_a_tie():
    assert busiest({9: 5, 10: 7, 14: 7}) == 10
    assert busiest({}) is None


def test_tallies_add_up():
    rng = random.Random(5)
    parts = []
    for _ in range(5):
        tally = Tally()
        tally.counts.update(issued=rng.randint(0, 9), served=rng.randint(0, 9))
        tally.waits.update({rng.randint(0, 40): rng.randint(1, 3)})
        tally.wait_max_ms = rng.randint(0, 3_000_000)
        parts.append(tally)
    total = Tally()
    for tally in parts:
        total.add(tally)
    assert total.counts["issued"] == sum(t.counts["issued"] for t in parts)
    assert sum(total.waits.values()) == sum(sum(t.waits.values()) for t in parts)
    assert total.wait_max_ms == max(t.wait_max_ms for t in parts)


def test_histograms_stored_dense_add_up_to_the_same():
    """A rollup keeps a histogram as [lowest minute, counts…]; read back and added up, it is
    the sum of the histograms (a clock step back can make a minute negative)."""
    rng = random.Random(7)
    parts = [Counter({rng.randint(-2, 150): rng.randint(1, 4) for _ in range(rng.randint(0, 30))})
             for _ in range(40)]
    assert _sum_dense([_dense(h) for h in parts]) == sum(parts, Counter())
    assert _dense(Counter()) == [] and _sum_dense([[], []]) == Counter()


@pytest.mark.parametrize(("first", "last", "by", "field"), [
    (date(2026, 12, 31), date(2026, 12, 1), "service", "to"),
    (date(2024, 1, 1), date(2026, 1, 2), "service", "to"),
    (date(2026, 12, 1), date(2026, 12, 31), "colour", "by"),
])
def test_a_bad_request_names_its_field(first, last, by, field):
    with pytest.raises(BadRequest) as refused:
        check_request(first, last, by)
    assert refused.value.details["field"] == field


def test_two_years_is_allowed():
    assert check_request(date(2025, 1, 1), date(2026, 12, 31), "hour").days == 730

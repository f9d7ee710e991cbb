"""A short simulated day (bench/simulate_day.py) runs through the real service functions
and ends with its JSON line; the full days' figures are in docs/performance.md."""

from __future__ import annotations

import json
from datetime import date, time

from bench.simulate_day import load_profile, run


def test_a_short_day_completes_and_its_last_line_has_the_figures(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text("arrivals: {w8: 20, w14-15: 40, w24: 10}\n")
    lines: list[str] = []
    result = run(load="normal", seed=7, day=date(2026, 12, 3), profile=load_profile(path),
                 history_days=1, until=time(10), out=lines.append)
    last = json.loads(lines[-1])
    assert {"within_share", "naive_within_share", "tickets", "mae_minutes"} <= set(last)
    assert last == json.loads(json.dumps(result, ensure_ascii=False))
    assert last["tickets"] > 5 and last["called"] == last["tickets"]  # a morning, all served
    assert 0 <= last["within_share"] <= 1 and 0 <= last["naive_within_share"] <= 1


def test_a_short_day_with_bookings_and_priority_reports_both_figures(tmp_path):
    path = tmp_path / "hooks.yaml"
    path.write_text("arrivals: {w1: 30, w8: 30, w24: 20}\n"
                    "booked_share: 1\npriority_share: 0.2\n"
                    "sessions: {w7: ['09:00', '11:00']}\nbooked_demand: {w7: 6}\n"
                    "booked_arrival: {on_time: 0.6, early: 0.1, late: 0.1, never: 0.2}\n")
    lines: list[str] = []
    run(load="normal", seed=3, day=date(2026, 12, 3), profile=load_profile(path),
        history_days=1, until=time(11), out=lines.append)
    last = json.loads(lines[-1])
    assert {"priority_worst_extra_minutes", "priority_bound_minutes", "priority_over_bound",
            "booked_on_time_share", "booked_no_shows", "booked"} <= set(last)
    assert last["priority_bound_minutes"] == 10  # HallSettings.priority_max_delay
    assert last["priority_marked"] > 0 and last["priority_regular_compared"] > 10
    assert last["booked"] > 0 and 0 <= last["booked_on_time_share"] <= 1
    assert "w7" in last["booked_on_time_by_post"]  # 7号 opened by its published session
    assert any("绿色通道" in line and "bound 10 min" in line for line in lines)


def test_without_bookings_and_priority_the_day_has_neither_figure(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text("arrivals: {w8: 10}\n")
    lines: list[str] = []
    run(load="normal", seed=1, day=date(2026, 12, 3), profile=load_profile(path),
        history_days=0, until=time(10), out=lines.append)
    last = json.loads(lines[-1])
    assert "booked" not in last and "priority_marked" not in last


def test_an_oracle_day_says_so_and_leaves_the_estimator_as_it_was(tmp_path):
    from queue_server import queues

    learned = queues.service_times
    path = tmp_path / "plain.yaml"
    path.write_text("arrivals: {w8: 20}\nsigma: 0.0001\n")  # service times as their means
    runs = {}
    for oracle in (False, True):
        lines: list[str] = []
        runs[oracle] = run(load="normal", seed=1, day=date(2026, 12, 3),
                           profile=load_profile(path), history_days=0, until=time(11),
                           oracle=oracle, out=lines.append)
        assert any("ORACLE" in line for line in lines) is oracle
        assert json.loads(lines[-1])["oracle"] is oracle
    assert queues.service_times is learned
    # told the true means of near-constant service times, the estimate is nearly exact
    assert runs[True]["within_share"] >= 0.95 > runs[False]["within_share"]

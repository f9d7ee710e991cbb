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

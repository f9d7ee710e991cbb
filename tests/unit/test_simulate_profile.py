"""bench/simulate_day.py's profile: a file overrides the default; one that does not parse,
names an unknown key or gives a bad number is refused with its reason (exit code 2) before
anything runs."""

from __future__ import annotations

from datetime import time

import pytest

from bench import simulate_day
from bench.simulate_day import DEFAULT_PROFILE, ProfileError, load_profile, main, within
from queue_server.clock import hall_time


def test_no_file_is_the_default_profile():
    profile = load_profile(None)
    assert profile["arrivals"]["w14-15"] == DEFAULT_PROFILE["arrivals"]["w14-15"]
    assert profile["hourly"][10] > profile["hourly"][12] < profile["hourly"][14]  # two peaks


def test_a_yaml_file_overrides_keys(tmp_path):
    path = tmp_path / "quiet.yaml"
    path.write_text("sigma: 0.3\nhourly: {9: 1, '10': 2}\narrivals: {w8: 10}\n")
    profile = load_profile(path)
    assert profile["sigma"] == 0.3 and profile["hourly"] == {9: 1.0, 10: 2.0}
    assert profile["arrivals"] == {"w8": 10.0}
    assert profile["no_show_rate"] == DEFAULT_PROFILE["no_show_rate"]


def test_a_json_file_overrides_keys(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"no_show_rate": 0.1}')
    assert load_profile(path)["no_show_rate"] == 0.1


@pytest.mark.parametrize(("name", "text", "says"), [
    ("broken.yaml", "sigma: [0.3\n", "not valid YAML"),
    ("broken.json", "{sigma: 1}", "not valid JSON"),
    ("list.yaml", "- 1\n- 2\n", "expected a mapping"),
    ("unknown.yaml", "sigmaa: 0.3\n", "unknown key(s) sigmaa"),
    ("negative.yaml", "sigma: -1\n", "sigma must be a number ≥ 0"),
    ("share.yaml", "no_show_rate: 1.5\n", "no_show_rate must be a share"),
    ("hour.yaml", "hourly: {25: 1}\n", "hourly keys are hours 0-23"),
    ("word.yaml", "arrivals: {w8: many}\n", "arrivals.w8 must be a number"),
    ("pair.yaml", "service_spread: [2, 1]\n", "service_spread must be [low, high]"),
])
def test_a_bad_profile_is_refused_with_its_reason(tmp_path, name, text, says):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ProfileError, match=None) as refused:
        load_profile(path)
    assert says in str(refused.value) and name in str(refused.value)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ProfileError, match="cannot read it"):
        load_profile(tmp_path / "nope.yaml")


def test_the_command_exits_2_and_runs_nothing_on_a_bad_profile(tmp_path, monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(simulate_day, "run", lambda **kw: ran.append(kw))
    bad = tmp_path / "bad.yaml"
    bad.write_text("sigma: [\n")
    assert main(["--profile", str(bad)]) == 2
    assert ran == [] and "profile refused" in capsys.readouterr().err


def test_a_profile_naming_a_post_the_hall_lacks_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(simulate_day, "run", lambda **kw: pytest.fail("ran"))
    path = tmp_path / "p.yaml"
    path.write_text("arrivals: {w99: 10}\n")
    assert main(["--profile", str(path)]) == 2
    assert "w99" in capsys.readouterr().err


def test_the_command_line_shares_override_the_profile(monkeypatch):
    ran = []
    monkeypatch.setattr(simulate_day, "run", lambda **kw: ran.append(kw))
    assert main(["--priority-share", "0.1", "--booked-share", "0.8"]) == 0
    assert ran[0]["profile"]["priority_share"] == 0.1
    assert ran[0]["profile"]["booked_share"] == 0.8


def test_a_share_over_one_on_the_command_line_is_refused(monkeypatch, capsys):
    monkeypatch.setattr(simulate_day, "run", lambda **kw: pytest.fail("ran"))
    assert main(["--priority-share", "1.5"]) == 2
    assert "priority_share must be a share" in capsys.readouterr().err


def test_bookings_keys_parse():
    profile = load_profile(None)
    assert profile["sessions"]["w7"] == (time(14), time(17))
    assert sum(profile["booked_arrival"].values()) == pytest.approx(1)
    assert profile["booked_demand"]["w7"] > 0 and profile["booked_share"] == 0  # off


@pytest.mark.parametrize(("text", "says"), [
    ("sessions: {w7: [14:00]}\n", "sessions.w7 must be"),
    ("sessions: {w7: ['17:00', '14:00']}\n", "sessions.w7 must end after it starts"),
    ("sessions: {w7: ['2pm', '5pm']}\n", "sessions.w7 must be"),
    ("booked_arrival: {on_time: 0.5, never: 0.2}\n", "must sum to 1"),
    ("booked_arrival: {on_time: 0.9, lost: 0.1}\n", "unknown kind(s) lost"),
    ("priority_mark_minutes: [3, 1]\n", "priority_mark_minutes must be [low, high]"),
])
def test_bad_bookings_keys_are_refused(tmp_path, text, says):
    path = tmp_path / "b.yaml"
    path.write_text(text)
    with pytest.raises(ProfileError) as refused:
        load_profile(path)
    assert says in str(refused.value)


def test_booked_demand_for_a_post_without_a_booked_service_is_refused(tmp_path, monkeypatch,
                                                                    capsys):
    monkeypatch.setattr(simulate_day, "run", lambda **kw: pytest.fail("ran"))
    path = tmp_path / "p.yaml"
    path.write_text("booked_demand: {w8: 10}\n")
    assert main(["--profile", str(path)]) == 2
    assert "without a booked service: w8" in capsys.readouterr().err


def test_within_is_20_percent_or_3_minutes_whichever_is_larger():
    issued = hall_time("2026-12-03 10:00")
    at = lambda hhmm: hall_time(f"2026-12-03 {hhmm}")
    assert within(at("10:10"), at("10:13"), issued)  # 3 min of a 10-min wait
    assert not within(at("10:10"), at("10:14"), issued)
    assert within(at("11:00"), at("11:12"), issued)  # 20% of 60 min
    assert not within(at("11:00"), at("11:13"), issued)
    assert within(None, None, issued, not_today=True)  # "今日可能办不完", not called: right
    assert not within(None, at("16:50"), issued, not_today=True)
    assert not within(at("10:10"), None, issued)  # promised a time, never called

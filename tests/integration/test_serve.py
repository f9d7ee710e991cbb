"""`run.py serve` refuses to start half a hall: a malformed catalog or a bad printer URL
stops it with a clear message before anything listens; QR codes phones cannot reach are
warned of in one line."""

from __future__ import annotations

import run


def test_a_malformed_catalog_stops_the_server(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "hall.yaml"
    broken.write_text("hall_name: 测试大厅\nhall_name_en: Test Hall\ndepartments: []\n"
                      "posts: nope\nservices: []\n",
                      encoding="utf-8")
    monkeypatch.setenv("CATALOG", str(broken))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert run.main(["serve", "--data", str(tmp_path / "data")]) == 1
    error = capsys.readouterr().err
    assert "catalog is malformed" in error and "hall.yaml" in error and "posts" in error


def test_a_bad_printer_url_stops_the_server(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PRINTER_URL", "tcp://printer-without-port")
    monkeypatch.delenv("CATALOG", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert run.main(["serve", "--data", str(tmp_path / "data")]) == 1
    assert "PRINTER_URL" in capsys.readouterr().err


def test_a_bad_clock_is_refused(tmp_path, capsys):
    assert run.main(["serve", "--data", str(tmp_path), "--clock", "tomorrow 9am"]) == 2
    assert "2026-12-04 11:55" in capsys.readouterr().err


def test_demo_starts_at_ten_on_the_next_working_day():
    from datetime import date, datetime

    from catalog.hours import HALL_TZ
    from catalog.workdays import DayKind, Workdays

    sunday_evening = datetime(2026, 12, 6, 19, 0, tzinfo=HALL_TZ)
    assert run.next_working_morning(sunday_evening) == datetime(2026, 12, 7, 10, 0,
                                                                tzinfo=HALL_TZ)
    national_day = datetime(2026, 10, 1, 8, 0, tzinfo=HALL_TZ)
    after_the_holiday = run.next_working_morning(national_day).date()
    assert after_the_holiday > date(2026, 10, 5)  # the whole Golden Week is skipped
    assert Workdays().kind_of(after_the_holiday) in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


def test_the_halls_rules_come_from_the_environment(monkeypatch):
    from datetime import timedelta

    monkeypatch.setenv("CUTOFF_MINUTES", "30")
    monkeypatch.setenv("REQUEUE_PLACES", "5")
    monkeypatch.setenv("PAPER_MM", "58")
    monkeypatch.setenv("CLERK_IDLE_MINUTES", "45")
    args = run.argparse.Namespace(host="0.0.0.0", port=5000)
    settings = run._settings_for(args)
    assert (settings.cutoff, settings.requeue_places, settings.paper_mm) == (
        timedelta(minutes=30), 5, 58)
    assert settings.clerk_idle == timedelta(minutes=45)
    monkeypatch.setenv("CUTOFF_MINUTES", "soon")
    try:
        run._settings_for(args)
    except SystemExit as refused:
        assert "CUTOFF_MINUTES" in str(refused)
    else:
        raise AssertionError("a bad CUTOFF_MINUTES was accepted")


def test_serving_keeps_startups_objects_out_of_the_collector():
    import gc

    threshold = gc.get_threshold()
    try:
        run.quiet_collector()
        assert gc.get_freeze_count() > 10_000  # the app's modules and tables, at least
        assert gc.get_threshold()[2] == 100
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def serve_until_listening(tmp_path, monkeypatch, *argv: str) -> None:
    """Run `run.py serve --dev` up to the point Werkzeug would listen (and stop its workers);
    without --dev it would hand over to gunicorn (tests/integration/test_scale_out.py)."""
    from queue_server.realtime import socketio

    monkeypatch.delenv("CATALOG", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PRINTER_URL", raising=False)
    monkeypatch.setattr(socketio, "run", lambda *_args, **_kwargs: None)
    monkeypatch.setattr(run, "quiet_collector", lambda: None)
    assert run.main(["serve", "--dev", "--data", str(tmp_path / "data"), *argv]) == 0


def test_all_addresses_without_public_url_warns_that_qr_codes_point_nowhere(
        tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    serve_until_listening(tmp_path, monkeypatch, "--host", "0.0.0.0", "--port", "5123")
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "PUBLIC_URL" in warnings[0] and "http://0.0.0.0:5123" in warnings[0]


def test_a_loopback_public_url_on_all_addresses_warns(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PUBLIC_URL", "http://127.0.0.1:5000")
    serve_until_listening(tmp_path, monkeypatch, "--host", "::")
    assert "PUBLIC_URL is http://127.0.0.1:5000" in capsys.readouterr().err


def test_a_reachable_public_url_or_a_loopback_host_says_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PUBLIC_URL", "http://192.168.1.10:5000")
    serve_until_listening(tmp_path, monkeypatch, "--host", "0.0.0.0")
    monkeypatch.delenv("PUBLIC_URL")
    serve_until_listening(tmp_path, monkeypatch)  # 127.0.0.1: a test run on one machine
    assert "warning" not in capsys.readouterr().err

"""A newer guide put in use safely: `run.py catalog import GUIDE --diff | --apply` prints the
diff against the catalog in use first, and a service the guide drops keeps its waiting
tickets served (they stay in their post's queue, are called and finished)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import run
from catalog.loader import default_catalog_path, load_catalog
from queue_server.app import create_app
from queue_server.config import Config
from queue_server.settings import HallSettings
from tests.actors import Clerk, Kiosk, PageClient, add_staff

GUIDE = default_catalog_path().parent / "hall-guide.md"
DROPPED = """2.开具户籍证明 

服务介绍：为户籍属于北京化工大学集体户的在校师生开具户籍证明。

申请材料：校园卡、身份证原件。

服务流程：到岗后在一站式服务大厅复印集体户首页+户籍卡本人首页即可。

受理部门：保卫处

"""


@pytest.fixture
def newer_guide(tmp_path) -> Path:
    """A copy of the guide with 开具户籍证明 (window 8) gone and window 8 closing at 11 on
    Fridays."""
    text = GUIDE.read_text(encoding="utf-8")
    assert DROPPED in text and "周五:9:00-12:00" in text
    text = text.replace(DROPPED, "").replace("周五:9:00-12:00", "周五:9:00-11:00", 1)
    path = tmp_path / "hall-guide-2027.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def in_use(tmp_path, monkeypatch, database_url) -> Path:
    """The catalog file in use (a copy of the packaged one), on the test's database."""
    path = tmp_path / "in-use.yaml"
    shutil.copy(default_catalog_path(), path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = run.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_diff_is_printed_and_nothing_written(newer_guide, in_use, tmp_path, capsys,
                                                 household):
    before = in_use.read_text(encoding="utf-8")
    code, out, _err = _run(capsys, "catalog", "import", str(newer_guide), "--diff",
                           "--over", str(in_use), "--data", str(tmp_path / "data"))
    assert code == 0
    assert f"- service {household} 开具户籍证明" in out
    assert "~ hours of post w8" in out and "9:00-11:00" in out
    assert "nothing written" in out
    assert in_use.read_text(encoding="utf-8") == before


def test_applying_keeps_a_dropped_services_waiting_ticket_served(
        newer_guide, in_use, tmp_path, capsys, kiosk, household, database_url, clock, device):
    number = kiosk.number(household)
    code, out, err = _run(capsys, "catalog", "import", str(newer_guide), "--apply",
                          "--over", str(in_use), "--data", str(tmp_path / "data"))
    assert code == 0, err
    assert f"- service {household}" in out
    assert f"service {household} 开具户籍证明: kept for its 1 waiting ticket(s)" in out
    applied = load_catalog(in_use)
    assert applied.service(household).post_id == "w8"
    assert "9:00-11:00" in applied.post("w8").hours.text

    restarted = create_app(Config.for_tests(tmp_path / "restarted", database_url=database_url,
                                            catalog_path=in_use,
                                            settings=HallSettings(open_issuing=True)),
                           clock=clock, device=device)
    restarted.test_client_class = PageClient  # sends the CSRF token, as the pages do
    try:
        add_staff(restarted.extensions["hall"], "赵老师", "counter-password", role="clerk",
                  windows=(8,))
        clerk = Clerk(restarted.test_client()).log_in("赵老师", "counter-password")
        assert clerk.open(8).status_code == 200
        assert clerk.called_number(8) == number  # the waiting ticket is called …
        assert clerk.finish(8).status_code == 200  # … and finished
        refused = Kiosk(restarted.test_client()).take(household)
        assert refused.status_code == 409  # but no new ticket for a dropped service
        assert "已从办事指南移除" in refused.json["reason"]
    finally:
        restarted.extensions["hall"].database.engine.dispose()


def test_an_apply_that_would_orphan_waiting_tickets_says_so_and_writes_nothing(
        in_use, tmp_path, capsys, kiosk, household):
    kiosk.number(household)
    text = in_use.read_text(encoding="utf-8")
    # a curated file where window 8's post is gone and window 8 serves another post
    catalog = load_catalog(in_use)
    from dataclasses import replace

    from catalog.loader import dump_catalog
    post8 = catalog.post("w8")
    post21 = catalog.post("w21")
    posts = tuple(replace(p, windows=(21, 8), keywords=p.keywords + post8.keywords)
                  if p.id == "w21" else p for p in catalog.posts if p.id != "w8")
    services = tuple(replace(s, post_id="w21") if s.post_id == post8.id else s
                     for s in catalog.services)
    curated = tmp_path / "curated.yaml"
    curated.write_text(dump_catalog(replace(catalog, posts=posts, services=services,
                                            _by_id={})), encoding="utf-8")
    assert post21.windows == (21,)
    code, out, err = _run(capsys, "catalog", "apply", str(curated), "--yes",
                          "--over", str(in_use), "--data", str(tmp_path / "data"))
    assert code == 1, err
    assert "- post w8" in out, err
    assert "would orphan waiting tickets" in err and "window 8 now belongs to another post" in err
    assert in_use.read_text(encoding="utf-8") == text

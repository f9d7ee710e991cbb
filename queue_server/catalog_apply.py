"""`run.py catalog import GUIDE --diff | --apply` and `run.py catalog apply FILE`: put a new
catalog in use safely.

The diff against the catalog in use is printed first (catalog/diff.py). Tickets still
waiting are never lost: a service the new catalog drops keeps its waiting tickets served
(it is carried over into the file written, with its post if that went too, and suspended
for new tickets), and a change that would orphan waiting tickets says so and writes nothing.
The server reads the catalog at start: restart it to use the new one.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from catalog.diff import diff_catalogs, keep_waiting
from catalog.errors import MalformedCatalog
from catalog.hours import HALL_TZ
from catalog.loader import dump_catalog, load_catalog
from catalog.model import Catalog
from catalog.periods import PeriodDraft
from queue_server.config import Config
from queue_server.db import make_engine
from queue_server.errors import HallError
from queue_server.models import Ticket, TicketState

REMOVED_REASON = "已从办事指南移除，仅办理已取号的访客"
ACTOR = "cli:catalog"


def waiting_counts(database_url: str) -> dict[tuple[str, str], int]:
    """Waiting tickets by (post id, service id); none when the database has no tickets yet."""
    engine = make_engine(database_url)
    try:
        if not inspect(engine).has_table("tickets"):
            return {}
        with Session(engine) as session:
            rows = session.execute(
                select(Ticket.post_id, Ticket.service_id, func.count())
                .where(Ticket.state == TicketState.WAITING)
                .group_by(Ticket.post_id, Ticket.service_id)).all()
        return {(post, service): count for post, service, count in rows}
    finally:
        engine.dispose()


def apply_catalog(new: Catalog, *, data_dir: str, target: str | None, write: bool,
                  out: TextIO, err: TextIO, comment: str = "") -> int:
    """Print what `new` changes against the catalog in use and what happens to the waiting
    tickets; with `write`, put it in use. 0 when fine, 1 when refused."""
    config = Config.from_env(Path(data_dir))
    path = Path(target) if target else config.catalog_path
    try:
        old = load_catalog(path, require_english=False)
    except MalformedCatalog as error:
        err.write(f"cannot read the catalog in use: {error}\n")
        return 1
    out.write(f"changes against {path}:\n")
    out.writelines(f"  {line}\n" for line in diff_catalogs(old, new).lines())
    waiting = waiting_counts(config.database_url)
    keeping = keep_waiting(old, new, waiting)
    if keeping.kept:
        out.write("waiting tickets kept served:\n")
        out.writelines(f"  {line}\n" for line in keeping.kept)
    if keeping.orphaned:
        err.write("this change would orphan waiting tickets:\n")
        err.writelines(f"  {line}\n" for line in keeping.orphaned)
        err.write("not applied: serve or cancel those tickets first, or keep their windows\n")
        return 1
    text = dump_catalog(keeping.catalog, comment=comment or _comment_of(path))
    problem = _strict_problem(text)
    if problem:
        err.write(f"not applied: the new catalog does not load as the server needs it: "
                  f"{problem}\n  curate it (catalog import GUIDE > FILE, add the English), "
                  "then: run.py catalog apply FILE\n")
        return 1
    if not write:
        out.write(f"nothing written (a dry run): add --apply to put it in use as {path}\n")
        return 0
    _write_atomically(path, text)
    if keeping.kept_service_ids:
        _suspend(config, path, keeping.kept_service_ids)
    out.write(f"written {path}: restart the server to use it\n")
    return 0


def apply_file(path: str, *, data_dir: str, target: str | None, write: bool, out: TextIO,
               err: TextIO) -> int:
    """`run.py catalog apply FILE`: a curated catalog file put in use the same safe way."""
    try:
        new = load_catalog(path)
    except MalformedCatalog as error:
        err.write(f"{error}\n")
        return 1
    return apply_catalog(new, data_dir=data_dir, target=target, write=write, out=out, err=err)


def _comment_of(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return "\n".join(lines)


def _strict_problem(text: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "catalog.yaml"
        probe.write_text(text, encoding="utf-8")
        try:
            load_catalog(probe)
        except MalformedCatalog as error:
            return str(error).replace(str(probe), "the new catalog")
    return ""


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".yaml")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def _suspend(config: Config, path: Path, service_ids: tuple[str, ...]) -> None:
    """No new ticket for the services kept only for their waiting tickets (periods.py)."""
    from queue_server import periods
    from queue_server.app import create_app
    from queue_server.migrate import upgrade

    upgrade(config.database_url)
    hall = create_app(Config.from_env(config.data_dir, catalog_path=path)).extensions["hall"]
    try:
        today = hall.clock.now().astimezone(HALL_TZ).date()
        with hall.unit_of_work() as uow:
            for service_id in service_ids:
                try:
                    periods.add_period(uow, PeriodDraft(
                        "suspension", today, today + timedelta(days=365),
                        service_id=service_id, reason=REMOVED_REASON), actor=ACTOR)
                except HallError:  # already suspended for those days: nothing to add
                    continue
    finally:
        hall.database.engine.dispose()

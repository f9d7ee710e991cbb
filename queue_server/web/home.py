"""The home page listing the hall's screens, and the health endpoint."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from queue_server.web import hall

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
def index():
    the_hall = hall()
    return render_template("home.html", catalog=the_hall.catalog, now=the_hall.clock.now())


@bp.get("/healthz")
def healthz():
    the_hall = hall()
    with the_hall.reading() as session:
        session.execute(text("SELECT 1"))
    return {"status": "ok", "hall": the_hall.catalog.hall_name,
            "time": the_hall.clock.now().isoformat()}

"""Errors as JSON for the API ({"error": code, "message": text}), never a bare 500 for bad input."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from catalog.model import UnknownEntry
from queue_server.errors import HallError, not_in_catalog
from queue_server.web.i18n import translate

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    @app.errorhandler(HallError)
    def hall_error(err: HallError):
        body = err.as_json()
        body["message"] = translate(err.message)  # a visitor's message in the page language
        return jsonify(body), err.status, getattr(err, "headers", {})

    @app.errorhandler(UnknownEntry)
    def catalog_miss(err: UnknownEntry):
        return hall_error(not_in_catalog(err))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if request.path.startswith("/api/"):
            code = (err.name or "error").lower().replace(" ", "_")
            # keep what the status needs said (a 405's Allow), minus the HTML's content type
            headers = [(k, v) for k, v in err.get_headers() if k.lower() != "content-type"]
            return jsonify({"error": code, "message": err.description}), err.code, headers
        return err

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            return jsonify({"error": "internal", "message": "服务器内部错误 internal error"}), 500
        return "服务器内部错误 / internal error", 500

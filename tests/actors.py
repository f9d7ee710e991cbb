"""Test actors that use the real endpoints, the way a kiosk and a clerk's page do."""

from __future__ import annotations


class Kiosk:
    def __init__(self, client, name: str = "kiosk-1") -> None:
        self.client, self.name = client, name

    def take(self, service_id: str):
        return self.client.post("/api/tickets", json={"service_id": service_id,
                                                      "kiosk": self.name})

    def number(self, service_id: str) -> str:
        response = self.take(service_id)
        assert response.status_code == 201, response.json
        return response.json["number"]


class Clerk:
    def __init__(self, client) -> None:
        self.client = client

    def act(self, window_no: int, action: str, **body):
        return self.client.post(f"/api/windows/{window_no}/{action}", json=body)

    def open(self, window_no: int):
        return self.act(window_no, "open")

    def call(self, window_no: int, **body):
        return self.act(window_no, "call", **body)

    def called_number(self, window_no: int) -> str | None:
        response = self.call(window_no)
        assert response.status_code == 200, response.json
        current = response.json["current"]
        return current["number"] if current else None

    def __getattr__(self, action: str):
        name = action.replace("_", "-")
        return lambda window_no, **body: self.act(window_no, name, **body)

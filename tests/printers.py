"""A fake ESC/POS printer on a loopback raw port, for tests of the real `tcp://` device.

One thread serves one connection at a time, as a printer's raw port does. It answers the
real-time status queries (DLE EOT 1, 2, 4) as its behaviour says, and keeps what it read
between them as the ticket of that connection:

    healthy            reads everything, answers every query: online, paper present
    near_end           the same, but the paper roll is nearly used up
    out_of_paper       answers "paper end" (and offline); prints nothing
    silent             reads everything, never answers a query (a printer ignoring DLE EOT)
    never_read         accepts the connection and never reads from it
    stall              answers before the ticket, reads it, then stops reading and answering
    close_mid_ticket   closes the connection after `close_after` bytes of a ticket, then is
                       healthy again (a printer that lost power for a moment)
"""

from __future__ import annotations

import socket
import struct
import threading

DLE_EOT = b"\x10\x04"
ONLINE, OFFLINE = b"\x12", b"\x1a"
CAUSE_NONE, CAUSE_PAPER_END = b"\x12", b"\x32"
PAPER_OK, PAPER_NEAR_END, PAPER_OUT = b"\x12", b"\x1e", b"\x72"

REPLIES = {
    "healthy": {1: ONLINE, 2: CAUSE_NONE, 4: PAPER_OK},
    "near_end": {1: ONLINE, 2: CAUSE_NONE, 4: PAPER_NEAR_END},
    "out_of_paper": {1: OFFLINE, 2: CAUSE_PAPER_END, 4: PAPER_OUT},
    "stall": {1: ONLINE, 2: CAUSE_NONE, 4: PAPER_OK},
    "close_mid_ticket": {1: ONLINE, 2: CAUSE_NONE, 4: PAPER_OK},
    "silent": {},
}
BEHAVIOURS = (*REPLIES, "never_read")


class FakePrinter:
    """A raw-port printer on 127.0.0.1 (port 0: the OS picks one); `behave` changes it."""

    def __init__(self, behaviour: str = "healthy", *, close_after: int = 40) -> None:
        self.behave(behaviour)
        self.close_after = close_after
        self.tickets: list[bytes] = []  # tickets read whole, one per connection
        self.unprinted: list[bytes] = []  # tickets cut off, or read and never finished
        self.seen: list[str] = []  # what came in, in order: "query 1", "ticket", ...
        self.connections = 0
        self._held: list[socket.socket] = []
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.url = f"tcp://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    def behave(self, behaviour: str) -> None:
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}; use one of {BEHAVIOURS}")
        self.behaviour = behaviour

    def wait_for(self, what, timeout: float = 3.0) -> bool:
        """Wait until `what()` is true (the printer's thread notes each connection's end)."""
        with self._changed:
            return self._changed.wait_for(what, timeout=timeout)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self.server.close()
        for conn in self._held:
            conn.close()

    # ---- the printer's thread ----

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            behaviour = self.behaviour
            self.connections += 1
            if behaviour == "never_read":
                self._held.append(conn)
                self._note()
                continue
            conn.settimeout(5)
            try:
                hold = self._talk(conn, behaviour)
            except OSError:
                hold = False
            if hold:
                self._held.append(conn)
            else:
                conn.close()
            self._note()

    def _note(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _talk(self, conn: socket.socket, behaviour: str) -> bool:
        """Serve one connection; True to keep it open unread (stalled)."""
        replies = REPLIES[behaviour]
        pending, ticket = b"", bytearray()
        while True:
            try:
                chunk = conn.recv(4096)
            except OSError:  # reset by the sender: what it had sent never finished
                if ticket:
                    self.unprinted.append(bytes(ticket))
                return False
            if not chunk:
                break
            pending += chunk
            while pending:
                if pending.startswith(DLE_EOT):
                    if len(pending) < 3:
                        break
                    kind, pending = pending[2], pending[3:]
                    self.seen.append(f"query {kind}")
                    if behaviour == "stall" and ticket:
                        self.unprinted.append(bytes(ticket))
                        return True
                    if reply := replies.get(kind):
                        conn.sendall(reply)
                    continue
                if pending == b"\x10":  # maybe the start of a query: wait for more
                    break
                cut = pending.find(DLE_EOT, 1)
                piece, pending = (pending, b"") if cut < 0 else (pending[:cut], pending[cut:])
                if not ticket:
                    self.seen.append("ticket")
                ticket += piece
                if behaviour == "close_mid_ticket" and len(ticket) >= self.close_after:
                    self.unprinted.append(bytes(ticket))
                    self.behaviour = "healthy"  # back after the blip
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return False
        if ticket:
            if behaviour in ("healthy", "near_end"):
                self.tickets.append(bytes(ticket))
            else:
                self.unprinted.append(bytes(ticket))
        return False

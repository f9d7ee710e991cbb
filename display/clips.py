"""The pre-recorded announcement clips (display/static/audio/*.ogg) and how long they play.

The board's announcer plays them back to back; with `?voice=off` it runs its queue silently
on these same durations, so tests and a muted board keep the real pace. A duration is read
from the Ogg stream itself (the last page's granule position over the Vorbis sample rate),
so no audio library is needed.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

from display.announce import all_clip_names, clip_sequence

AUDIO_DIR = Path(__file__).resolve().parent / "static" / "audio"


def ogg_vorbis_seconds(data: bytes) -> float:
    """The playing time of an Ogg Vorbis file's bytes; ValueError if they are not one."""
    ident = data.find(b"\x01vorbis")
    last_page = data.rfind(b"OggS")
    if not data.startswith(b"OggS") or ident < 0 or last_page < 0:
        raise ValueError("not an Ogg Vorbis file")
    rate = struct.unpack_from("<I", data, ident + 12)[0]
    samples = struct.unpack_from("<q", data, last_page + 6)[0]
    if rate <= 0 or samples < 0:
        raise ValueError("an Ogg Vorbis file without a length")
    return samples / rate


@cache
def clip_seconds(audio_dir: Path = AUDIO_DIR) -> dict[str, float]:
    """Every clip's playing time in seconds, by clip name (read once, on first use)."""
    return {name: round(ogg_vorbis_seconds((audio_dir / f"{name}.ogg").read_bytes()), 3)
            for name in all_clip_names()}


def call_seconds(number: str, window_no: int, *, reading: str = "digits") -> float:
    """How long one saying of a call takes with the clips, its chime included."""
    seconds = clip_seconds()
    return sum(seconds[name] for name in clip_sequence(number, window_no, reading))

"""Make the board's fallback audio clips with espeak-ng and sox: `python docs/make_clips.py`.

One clip per spoken piece (请, 号, 到, 号窗口, 办理, the digits and 十/百/千, the letters A-Z)
plus a chime, written as mono 16 kHz Ogg Vorbis into display/static/audio/. Mandarin uses
espeak-ng's `cmn-latn-pinyin` voice fed pinyin with tone numbers (its plain `cmn` voice reads
"qing3" as English); letters use the English voice, the way halls say "A" aloud. The clips
are committed, so a fresh clone needs neither tool; rerun this only to change them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AUDIO_DIR = ROOT / "display" / "static" / "audio"
RATE = 16000
# Brisk, so a whole call ("请A零零一号到八号窗口") with its chime stays under 4 s: at nine
# o'clock a dozen windows call at once, and each second of a call is a second of the queue.
SPEED_WPM = 230

PINYIN = {
    "qing": "qing3", "hao": "hao4", "dao": "dao4", "haochuangkou": "hao4 chuang1 kou3",
    "ling": "ling2", "yi": "yi1", "er": "er4", "san": "san1", "si": "si4", "wu": "wu3",
    "liu": "liu4", "qi": "qi1", "ba": "ba1", "jiu": "jiu3", "shi": "shi2", "bai": "bai3",
    "qian": "qian1",
}
# Trim espeak's leading/trailing silence so joined clips flow like one sentence.
TRIM = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]
# Two soft plucked notes (E5 then C5), the usual "ding-dong" before a call, kept short.
CHIME_NOTES = [("E5", 0.28), ("C5", 0.5)]


def spoken_text(name: str) -> tuple[str, str]:
    """(espeak voice, text) for one clip name."""
    if name.startswith("letter-"):
        return "en", name.removeprefix("letter-").upper()
    return "cmn-latn-pinyin", PINYIN[name]


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def make_speech(name: str, out: Path, work: Path) -> None:
    voice, text = spoken_text(name)
    raw = work / f"{name}.wav"
    run("espeak-ng", "-v", voice, "-s", str(SPEED_WPM), "-w", str(raw), text)
    run("sox", str(raw), "-r", str(RATE), "-c", "1", str(out), *TRIM, "pad", "0", "0.02")


def make_chime(out: Path, work: Path) -> None:
    notes = []
    for i, (note, seconds) in enumerate(CHIME_NOTES):
        path = work / f"chime{i}.wav"
        run("sox", "-n", "-r", str(RATE), "-c", "1", str(path), "synth", str(seconds),
            "pluck", note, "fade", "q", "0.005", str(seconds), str(seconds * 0.7), "vol", "0.6")
        notes.append(str(path))
    run("sox", *notes, str(out), "pad", "0", "0.06")


def main(argv: list[str] | None = None) -> int:
    from display.announce import CHIME, all_clip_names  # the clips the board may ask for

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=AUDIO_DIR)
    args = parser.parse_args(argv)
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        print(f"make_clips: install {' and '.join(missing)} first", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in all_clip_names():
            out = args.out / f"{name}.ogg"
            if name == CHIME:
                make_chime(out, work)
            else:
                make_speech(name, out, work)
    total = sum(p.stat().st_size for p in args.out.glob("*.ogg"))
    print(f"wrote {len(all_clip_names())} clips to {args.out} ({total / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

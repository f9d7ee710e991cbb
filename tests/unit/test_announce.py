"""The announcement text and its clip sequence, read the way Chinese halls read numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from display.announce import (
    all_clip_names,
    announcement,
    clip_sequence,
    natural,
    spoken_number,
    syllables,
)
from display.clips import call_seconds, clip_seconds, ogg_vorbis_seconds

AUDIO = Path(__file__).resolve().parents[2] / "display" / "static" / "audio"


def test_a012_at_window_8_is_read_digit_by_digit_by_default():
    assert announcement("A012", 8) == "请A零一二号到八号窗口"


def test_a012_at_window_8_read_naturally():
    assert announcement("A012", 8, reading="natural") == "请A十二号到八号窗口"


@pytest.mark.parametrize(("n", "said"), [
    (0, "零"), (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (22, "二十二"),
    (100, "一百"), (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (999, "九百九十九"),
    (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"),
])
def test_natural_reading_of_quantities(n, said):
    assert natural(n) == said


@pytest.mark.parametrize(("number", "digits", "natural_"), [
    ("A001", "A零零一", "A一"), ("K010", "K零一零", "K十"), ("M120", "M一二零", "M一百二十"),
    ("B1005", "B一零零五", "B一千零五"),
])
def test_ticket_numbers_in_both_readings(number, digits, natural_):
    assert spoken_number(number) == digits
    assert spoken_number(number, reading="natural") == natural_


def test_window_numbers_are_always_read_as_quantities():
    assert announcement("K003", 14) == "请K零零三号到十四号窗口"
    assert announcement("M003", 22, reading="natural") == "请M三号到二十二号窗口"


def test_syllables_follow_the_sentence():
    assert syllables("A012", 8) == ["请", "A", "零", "一", "二", "号", "到", "八", "号窗口"]
    assert "".join(syllables("A012", 14, reading="natural")) == announcement(
        "A012", 14, reading="natural")


def test_clip_sequence_starts_with_the_chime():
    assert clip_sequence("A012", 8) == ["chime", "qing", "letter-a", "ling", "yi", "er", "hao",
                                        "dao", "ba", "haochuangkou"]
    assert clip_sequence("K110", 15, "natural") == [
        "chime", "qing", "letter-k", "yi", "bai", "yi", "shi", "hao", "dao", "shi", "wu",
        "haochuangkou"]


@pytest.mark.parametrize("bad", ["", "012", "A-12", "A12345", "一二", "A 1"])
def test_what_is_not_a_ticket_number_is_refused(bad):
    with pytest.raises(ValueError):
        announcement(bad, 8)


@pytest.mark.parametrize(("window_no", "reading"), [(0, "digits"), (True, "digits"),
                                                    ("8", "digits"), (8, "english")])
def test_bad_windows_and_readings_are_refused(window_no, reading):
    with pytest.raises(ValueError):
        announcement("A012", window_no, reading=reading)


def test_lowercase_numbers_are_read_as_uppercase():
    assert announcement("a012", 8) == "请A零一二号到八号窗口"


def test_every_clip_a_call_can_need_is_committed():
    shipped = {p.stem for p in AUDIO.glob("*.ogg")}
    assert set(all_clip_names()) <= shipped
    for number in ("A001", "Z999", "K110", "M1234"):
        for reading in ("digits", "natural"):
            assert set(clip_sequence(number, 25, reading)) <= shipped


def test_no_clip_is_shipped_that_no_call_needs():
    assert {p.stem for p in AUDIO.glob("*.ogg")} == set(all_clip_names())


@pytest.mark.parametrize(("number", "window_no"), [
    ("A001", 8), ("H123", 14), ("K010", 15), ("M888", 22), ("W777", 18), ("Q999", 25)])
def test_a_call_with_its_chime_plays_in_under_four_seconds(number, window_no):
    # The player adds 0.05 s before the first clip and 0.05 s after the last.
    assert call_seconds(number, window_no) + 0.1 <= 4.0


def test_a001_at_window_8_takes_about_three_and_a_half_seconds():
    seconds = clip_seconds()
    assert 0.6 <= seconds["chime"] <= 0.9
    assert 3.0 <= call_seconds("A001", 8) <= 3.5


def test_a_clip_length_is_read_from_the_ogg_stream():
    with pytest.raises(ValueError):
        ogg_vorbis_seconds(b"RIFF....WAVE")
    assert ogg_vorbis_seconds((AUDIO / "qing.ogg").read_bytes()) == pytest.approx(
        clip_seconds()["qing"], abs=0.001)

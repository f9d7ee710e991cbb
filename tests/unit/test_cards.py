"""The card rule's pure parts: a card number as a reader types it, and its keyed hash; a
pairing code as it is typed or scanned."""

from __future__ import annotations

import pytest

from queue_server.cards import CardMalformed, card_hash, normal_card
from queue_server.kiosks import normal_code


@pytest.mark.parametrize(("typed", "number"), [
    ("2019012345", "2019012345"), (" 2019012345\r\n", "2019012345"),
    ("11010519491231002x", "11010519491231002X"), ("2019 0123 45", "2019012345")])
def test_a_card_number_is_read_as_the_reader_typed_it(typed, number):
    assert normal_card(typed) == number


@pytest.mark.parametrize("typed", ["", "123", "9" * 21, "2019-012345", "学号2019012345", "；"])
def test_a_misread_card_is_malformed_naming_the_field(typed):
    with pytest.raises(CardMalformed) as refused:
        normal_card(typed)
    assert refused.value.status == 422 and refused.value.details == {"field": "card"}


def test_the_hash_is_keyed_the_same_card_gives_the_same_hash_and_hides_the_number():
    one, again = card_hash("secret-a", "2019012345"), card_hash("secret-a", "2019012345")
    assert one == again and len(one) == 64 and "2019012345" not in one
    assert card_hash("secret-b", "2019012345") != one  # without the secret: another hash
    assert card_hash("secret-a", "2019012346") != one


@pytest.mark.parametrize(("typed", "code"), [
    ("quum-g7r7", "QUUMG7R7"), (" QUUM G7R7 ", "QUUMG7R7"),
    ("http://hall.example.edu.cn/kiosk?pair=QUUMG7R7", "QUUMG7R7"),
    ("http://h/kiosk?pair=QUUMG7R7&lang=en", "QUUMG7R7")])
def test_a_pairing_code_is_read_typed_or_scanned(typed, code):
    assert normal_code(typed) == code

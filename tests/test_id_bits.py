"""events.changes.id_bits: a set of ids as bits, as a long write keeps them."""

import tracemalloc

from events.changes.id_bits import IdBits


def test_holds_each_id_once_and_gives_them_back_in_order():
    bits = IdBits([17, 3, 17, 8, 1_000])
    bits.add(3)
    assert list(bits) == [3, 8, 17, 1_000]
    assert len(bits) == 4
    assert 8 in bits and 1_000 in bits
    assert 9 not in bits and 1_001 not in bits and 0 not in bits and -5 not in bits


def test_ids_before_the_first_are_held_too():
    bits = IdBits([1_000_003])
    bits.update([1_000_000, 999_990, 1_000_020])
    assert list(bits) == [999_990, 1_000_000, 1_000_003, 1_000_020]
    assert 999_991 not in bits


def test_an_empty_one_is_false_and_holds_nothing():
    bits = IdBits()
    assert not bits
    assert list(bits) == []
    assert 0 not in bits


def test_ids_take_bits_not_objects():
    tracemalloc.start()
    try:
        bits = IdBits(range(5_000_000, 5_200_000))
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(bits) == 200_000
    assert held < 40_000  # 25,000 bytes of bits; a set of them holds about 12 MB

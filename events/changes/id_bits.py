"""A set of row ids kept as one bit each: a long write's bookkeeping of the events it made.

An import of a million events notes every event it creates, and those whose change time
waits for its end (`record.Run`). As Python sets those ids took about 60 MB each; as bits
over the span of ids they cover (ids a sequence hands out, so close together) they take
125 KB.
"""

from collections.abc import Iterable, Iterator


class IdBits:
    def __init__(self, ids: Iterable[int] = ()):
        self._first = 0  # the id of the first bit, a multiple of 8
        self._bits = bytearray()
        self._count = 0
        self.update(ids)

    def update(self, ids: Iterable[int]) -> None:
        for pk in ids:
            self.add(pk)

    def add(self, pk: int) -> None:
        self._cover(pk)
        index, mask = divmod(pk - self._first, 8)
        bit = 1 << mask
        if not self._bits[index] & bit:
            self._bits[index] |= bit
            self._count += 1

    def __contains__(self, pk: int) -> bool:
        index, mask = divmod(pk - self._first, 8)
        return 0 <= index < len(self._bits) and bool(self._bits[index] & (1 << mask))

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        """The ids in ascending order."""
        for index, byte in enumerate(self._bits):
            if byte:
                start = self._first + index * 8
                yield from (start + mask for mask in range(8) if byte & (1 << mask))

    def _cover(self, pk: int) -> None:
        """Grow the bits to hold `pk`, before the first id or after the last."""
        first = pk - pk % 8
        if not self._bits:
            self._first = first
        elif first < self._first:
            self._bits[:0] = bytes((self._first - first) // 8)
            self._first = first
        needed = (pk - self._first) // 8 + 1
        if needed > len(self._bits):
            self._bits.extend(bytes(needed - len(self._bits)))

"""A process pool that keeps input order and bounds the work in flight (memory stays flat)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_in_order(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
    mp_context: Any = None,
) -> Iterator[tuple[T, R]]:
    """(item, func(item)) in the order of `items`, computed by `workers` processes with at
    most 2 × workers items submitted and not yet handed back."""
    in_flight: deque[tuple[T, Future]] = deque()
    with ProcessPoolExecutor(
        workers, mp_context=mp_context, initializer=initializer, initargs=initargs
    ) as pool:
        for item in items:
            in_flight.append((item, pool.submit(func, item)))
            if len(in_flight) >= 2 * workers:
                head, future = in_flight.popleft()
                yield head, future.result()
        while in_flight:
            head, future = in_flight.popleft()
            yield head, future.result()

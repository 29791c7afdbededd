"""A token-bucket rate limiter, the kind of code a coding round asks for.

The clock is injected so the behaviour can be tested without sleeping, and it
is a monotonic clock: wall-clock time can jump backwards (NTP, manual changes),
which would make the refill negative.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


# --8<-- [start:bucket]
class TokenBucket:
    """Allows bursts of up to `capacity` requests, refilled at `rate` per second."""

    def __init__(
        self,
        capacity: float,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity <= 0 or rate <= 0:
            raise ValueError("capacity and rate must be positive")
        self._capacity = capacity
        self._rate = rate
        self._clock = clock
        self._tokens = capacity
        self._last = clock()
        self._lock = threading.Lock()  # allow() is called from many threads

    def allow(self, cost: float = 1.0) -> bool:
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._last)
            self._last = now
            self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
            if self._tokens >= cost:
                self._tokens -= cost
                return True
            return False
# --8<-- [end:bucket]

"""Tests for token_bucket.py, with a fake clock instead of sleeps."""

from __future__ import annotations

import pytest
from token_bucket import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# --8<-- [start:tests]
def test_burst_then_refill() -> None:
    clock = FakeClock()
    bucket = TokenBucket(capacity=3, rate=1, clock=clock)
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]
    clock.now += 1.0  # one second refills one token
    assert bucket.allow() is True
    assert bucket.allow() is False


def test_refill_never_exceeds_capacity() -> None:
    clock = FakeClock()
    bucket = TokenBucket(capacity=2, rate=10, clock=clock)
    clock.now += 60
    assert [bucket.allow() for _ in range(3)] == [True, True, False]
# --8<-- [end:tests]


def test_clock_going_backwards_does_not_drain_tokens() -> None:
    clock = FakeClock()
    bucket = TokenBucket(capacity=1, rate=1, clock=clock)
    clock.now -= 30
    assert bucket.allow() is True


def test_rejects_non_positive_settings() -> None:
    with pytest.raises(ValueError):
        TokenBucket(capacity=0, rate=1)

package tokenbucket

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand: no sleeps, no flakiness.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newBucket(t *testing.T, capacity, rate float64, clock *fakeClock) *Bucket {
	t.Helper()
	b, err := New(capacity, rate, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// --8<-- [start:tests]
func TestBurstThenRefill(t *testing.T) {
	clock := &fakeClock{t: time.Unix(100, 0)}
	b := newBucket(t, 3, 1, clock)
	for i, want := range []bool{true, true, true, false} {
		if got := b.Allow(1); got != want {
			t.Fatalf("request %d: Allow = %v, want %v", i, got, want)
		}
	}
	clock.Add(time.Second) // 一秒补一个令牌
	if !b.Allow(1) || b.Allow(1) {
		t.Fatal("after 1s: want exactly one more request allowed")
	}
}

func TestRefillNeverExceedsCapacity(t *testing.T) {
	clock := &fakeClock{t: time.Unix(100, 0)}
	b := newBucket(t, 2, 10, clock)
	clock.Add(time.Minute)
	if !b.Allow(1) || !b.Allow(1) || b.Allow(1) {
		t.Fatal("want capacity (2) requests after a long idle time, not more")
	}
}

// 并发调用时总放行数恰好等于容量：锁让“补充 → 判断 → 扣减”成为整体。
// 在 -race 下运行，也顺带验证没有数据竞争。
func TestConcurrentCallersShareTheBudget(t *testing.T) {
	clock := &fakeClock{t: time.Unix(100, 0)}
	b := newBucket(t, 50, 1, clock)
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			if b.Allow(1) {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != 50 {
		t.Fatalf("allowed %d requests, want exactly 50", n)
	}
}

// --8<-- [end:tests]

func TestClockGoingBackwardsDoesNotDrainTokens(t *testing.T) {
	clock := &fakeClock{t: time.Unix(100, 0)}
	b := newBucket(t, 1, 1, clock)
	clock.Add(-30 * time.Second)
	if !b.Allow(1) {
		t.Fatal("a clock step backwards must not remove tokens")
	}
}

func TestRejectsNonPositiveSettings(t *testing.T) {
	for _, c := range [][2]float64{{0, 1}, {1, 0}, {-1, 1}} {
		if _, err := New(c[0], c[1], nil); err == nil {
			t.Fatalf("New(%v, %v): want an error", c[0], c[1])
		}
	}
}

func TestDefaultClockIsTimeNow(t *testing.T) {
	b, err := New(1, 1e-6, nil) // slow refill: a loaded machine cannot refill in time
	if err != nil {
		t.Fatal(err)
	}
	if !b.Allow(1) || b.Allow(1) {
		t.Fatal("a fresh bucket of capacity 1 allows exactly one request")
	}
}

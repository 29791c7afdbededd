package workerpool

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestMapKeepsOrder(t *testing.T) {
	in := []string{"a", "b", "c", "d", "e"}
	got, err := Map(context.Background(), in, 3, strings.ToUpper)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"A", "B", "C", "D", "E"}; !slices.Equal(got, want) {
		t.Fatalf("Map = %v, want %v", got, want)
	}
}

func TestMapNeverExceedsWorkers(t *testing.T) {
	var running, peak atomic.Int32
	fn := func(n int) int {
		cur := running.Add(1)
		for {
			old := peak.Load()
			if cur <= old || peak.CompareAndSwap(old, cur) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		running.Add(-1)
		return n * n
	}
	if _, err := Map(context.Background(), make([]int, 50), 4, fn); err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p > 4 {
		t.Fatalf("peak concurrency %d, want <= 4", p)
	}
}

func TestMapStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var calls atomic.Int32
	_, err := Map(ctx, make([]int, 10), 2, func(n int) int { calls.Add(1); return n })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := calls.Load(); n != 0 {
		t.Fatalf("fn ran %d times after cancel, want 0", n)
	}
}

// --8<-- [start:noworkers]
func TestMapRejectsNoWorkers(t *testing.T) {
	for _, workers := range []int{0, -1} {
		got, err := Map(context.Background(), []int{1, 2}, workers, func(n int) int { return n })
		if !errors.Is(err, ErrNoWorkers) || got != nil {
			t.Fatalf("Map(workers=%d) = %v, %v; want nil, ErrNoWorkers", workers, got, err)
		}
	}
}

// --8<-- [end:noworkers]

func TestFetchAllFirstErrorCancelsOthers(t *testing.T) {
	boom := errors.New("boom")
	var cancelled atomic.Int32
	fetch := func(ctx context.Context, id string) (string, error) {
		if id == "bad" {
			return "", boom
		}
		<-ctx.Done() // the good calls only finish once the group cancels them
		cancelled.Add(1)
		return id, nil
	}
	_, err := FetchAll(context.Background(), []string{"x", "bad", "y"}, 3, fetch)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if c := cancelled.Load(); c != 2 {
		t.Fatalf("%d calls saw cancellation, want 2", c)
	}
}

// --8<-- [start:synctest]
// synctest.Test 返回前要等气泡里的所有 goroutine 退出；如果剩下的都“持久阻塞”
// （阻塞在气泡内创建的 channel 上等），就判为死锁、测试失败。
// 所以这个测试同时是 First 的泄漏检查。
func TestFirstLeavesNoGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := func() string { time.Sleep(time.Second); return "slow" }
		fast := func() string { return "fast" }
		got, err := First(context.Background(), []func() string{slow, fast, slow})
		if err != nil || got != "fast" {
			t.Fatalf("First = %q, %v", got, err)
		}
		// Go 1.27：synctest.Sleep = time.Sleep + synctest.Wait。虚拟时钟前进 2 秒，
		// 等慢副本都跑完或持久阻塞后才返回。
		synctest.Sleep(2 * time.Second)
	})
}

// --8<-- [end:synctest]

func TestFirstHonoursDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		slow := func() string { time.Sleep(time.Second); return "slow" }
		if _, err := First(ctx, []func() string{slow}); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
		time.Sleep(time.Second) // the replica still finishes into the buffer
	})
}

package syncdemo

import (
	"fmt"
	"sync"
	"testing"
)

func TestCacheConcurrentReadersAndWriters(t *testing.T) {
	c := NewCache()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				c.Set(fmt.Sprintf("k%d", i%10), fmt.Sprint(w))
			}
		})
		wg.Go(func() {
			for i := range 200 {
				c.Get(fmt.Sprintf("k%d", i%10))
			}
		})
	}
	wg.Wait()
	if _, ok := c.Get("k9"); !ok {
		t.Fatal("k9 missing")
	}
}

func TestHolderPublishesWholeConfigs(t *testing.T) {
	var h Holder
	h.Store(&Config{Endpoint: "a", Replicas: 1})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 100 {
			h.Store(&Config{Endpoint: fmt.Sprint("e", i), Replicas: i})
		}
	})
	for range 4 {
		wg.Go(func() {
			for range 100 {
				c := h.Load()
				if c == nil || c.Endpoint == "" {
					t.Error("saw a half-published config")
					return
				}
			}
		})
	}
	wg.Wait()
	if got := h.Reloads(); got != 101 {
		t.Fatalf("reloads = %d, want 101", got)
	}
}

// --8<-- [start:oncetest]
func TestRulesInitialisedOnce(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if r := Rules(); len(r) != 2 {
				t.Errorf("Rules() = %v", r)
			}
		})
	}
	wg.Wait()
	if n := loadCount.Load(); n != 1 {
		t.Fatalf("initialised %d times, want 1", n)
	}
}

// --8<-- [end:oncetest]

func TestSumSquares(t *testing.T) {
	if got := SumSquares([]int{1, 2, 3, 4}); got != 30 {
		t.Fatalf("SumSquares = %d, want 30", got)
	}
}

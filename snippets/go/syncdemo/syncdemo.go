// Package syncdemo shows the sync and sync/atomic tools an interviewer
// expects you to choose between, each used where it fits.
package syncdemo

import (
	"sync"
	"sync/atomic"
)

// --8<-- [start:rwmutex]
// Cache is a map safe for concurrent use. RWMutex lets many readers in at
// once; a writer waits for them and then excludes everyone. It only pays off
// when reads dominate and the critical section is not tiny.
type Cache struct {
	mu sync.RWMutex // guards m; the zero value is an unlocked mutex
	m  map[string]string
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{m: map[string]string{}} }

// Get reads under the shared (read) lock.
func (c *Cache) Get(k string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	return v, ok
}

// Set writes under the exclusive lock.
func (c *Cache) Set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

// --8<-- [end:rwmutex]

// --8<-- [start:atomic]
// Config is immutable once published: a reload builds a new one and swaps
// the pointer, so readers never see a half-written Config and never lock.
type Config struct {
	Endpoint string
	Replicas int
}

// Holder publishes the current Config. Atomic types must not be copied
// after first use; go vet's copylocks check reports copies of a Holder.
type Holder struct {
	cur     atomic.Pointer[Config] // typed atomics (Go 1.19+): no unsafe.Pointer casts
	reloads atomic.Int64           // also 64-bit aligned on 32-bit platforms, unlike a bare int64
}

// Load is wait-free; call it on every request.
func (h *Holder) Load() *Config { return h.cur.Load() }

// Store publishes c. Everything written to *c before Store happens before
// any Load that returns c (the memory model's rule for atomics).
func (h *Holder) Store(c *Config) {
	h.cur.Store(c)
	h.reloads.Add(1)
}

// Reloads counts Store calls.
func (h *Holder) Reloads() int64 { return h.reloads.Load() }

// --8<-- [end:atomic]

// --8<-- [start:once]
// loadRules stands in for an expensive, once-only initialisation.
var loadCount atomic.Int32

// Rules is computed on first use, exactly once, even under concurrent
// calls; every caller sees the finished value (Go 1.21+ sync.OnceValue).
// If the function panics, every call re-panics with the same value.
var Rules = sync.OnceValue(func() []string {
	loadCount.Add(1)
	return []string{"deny-all", "allow-dns"}
})

// --8<-- [end:once]

// --8<-- [start:waitgroup]
// SumSquares fans out one goroutine per input. WaitGroup.Go (Go 1.25+) does
// the Add(1) before starting the goroutine, the step hand-written code gets
// wrong when it calls Add inside the goroutine.
func SumSquares(nums []int) int64 {
	var wg sync.WaitGroup
	var total atomic.Int64
	for _, n := range nums {
		wg.Go(func() { total.Add(int64(n * n)) })
	}
	wg.Wait() // each goroutine's total.Add (and its Done) happens before Wait returns
	return total.Load()
}

// --8<-- [end:waitgroup]

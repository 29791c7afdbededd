// Package workerpool shows three ways to bound concurrency in Go: a classic
// channel-fed worker pool, errgroup with a limit, and a leak-free
// "first answer wins" fan-out.
package workerpool

import (
	"context"
	"sync"
)

// --8<-- [start:pool]
// Map runs fn on every item using at most `workers` goroutines and returns
// the results in input order. It stops handing out work when ctx is done.
func Map[T, R any](ctx context.Context, items []T, workers int, fn func(T) R) ([]R, error) {
	type job struct {
		i    int
		item T
	}
	jobs := make(chan job) // unbuffered: a job is handed to exactly one idle worker
	out := make([]R, len(items))

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { // Go 1.25+: Add(1) + go + defer Done() in one call
			for j := range jobs { // ends when the producer closes jobs
				out[j.i] = fn(j.item) // each index is written by one worker only: no race
			}
		})
	}

	var err error
feed:
	for i, it := range items {
		select {
		case jobs <- job{i, it}:
		case <-ctx.Done(): // without this case a cancelled caller would still wait for every send
			err = ctx.Err()
			break feed
		}
	}
	close(jobs) // the only sender closes, exactly once
	wg.Wait()   // Wait happens after every worker's writes to out
	return out, err
}

// --8<-- [end:pool]

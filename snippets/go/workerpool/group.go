package workerpool

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// --8<-- [start:errgroup]
// FetchAll calls fetch for every id with at most limit calls in flight.
// The first error cancels ctx for the calls still running and is returned.
func FetchAll(ctx context.Context, ids []string, limit int,
	fetch func(context.Context, string) (string, error)) ([]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit) // g.Go blocks while limit goroutines are active
	out := make([]string, len(ids))
	for i, id := range ids {
		g.Go(func() error { // Go 1.22+: i and id are fresh per iteration
			v, err := fetch(ctx, id)
			if err != nil {
				return err
			}
			out[i] = v
			return nil
		})
	}
	if err := g.Wait(); err != nil { // waits for all, returns the first error
		return nil, err
	}
	return out, nil
}

// --8<-- [end:errgroup]

package workerpool

import "context"

// --8<-- [start:leak]
// FirstLeaky asks every replica and returns the first answer. The other
// goroutines block forever on the unbuffered send: nobody will ever receive.
func FirstLeaky(replicas []func() string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func() { ch <- r() }() // leaks len(replicas)-1 goroutines per call
	}
	return <-ch
}

// First fixes both leaks: the buffer gives every sender a slot, and ctx
// lets the caller give up without stranding anyone.
func First(ctx context.Context, replicas []func() string) (string, error) {
	ch := make(chan string, len(replicas))
	for _, r := range replicas {
		go func() { ch <- r() }() // never blocks: the buffer has room for all
	}
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// --8<-- [end:leak]

// Package ctxdemo shows context as the request-scoped cancellation tree:
// timeouts, causes, AfterFunc, WithoutCancel and request values.
package ctxdemo

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrClientGone is the cause recorded when the caller disconnects.
var ErrClientGone = errors.New("client disconnected")

// --8<-- [start:tree]
// Handle derives a child context per step. Cancelling a parent cancels every
// descendant; a child's timeout never extends its parent's.
func Handle(parent context.Context, step func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil) // always release the child, or it lives as long as parent

	dbCtx, dbCancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer dbCancel()
	if err := step(dbCtx); err != nil {
		// ctx.Err() says only Canceled or DeadlineExceeded;
		// context.Cause says why.
		return fmt.Errorf("step: %w (cause: %w)", err, context.Cause(dbCtx))
	}
	return nil
}

// --8<-- [end:tree]

// --8<-- [start:wait]
// Sleep waits for d or until ctx is done, whichever comes first. Every
// blocking helper should take a ctx and select on ctx.Done() like this.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx) // equals ctx.Err() unless a cause was given
	}
}

// --8<-- [end:wait]

// --8<-- [start:afterfunc]
// Conn stands for a blocking resource that knows nothing about context.
type Conn interface {
	Read() (string, error) // blocks until data or Close
	Close() error
}

// ReadCtx makes a blocking Read cancellable: context.AfterFunc (Go 1.21+)
// runs Close in its own goroutine when ctx is done, which unblocks Read.
func ReadCtx(ctx context.Context, c Conn) (string, error) {
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop() // returns false if Close already ran
	s, err := c.Read()
	if ctx.Err() != nil {
		return "", context.Cause(ctx)
	}
	return s, err
}

// --8<-- [end:afterfunc]

// --8<-- [start:values]
// ctxKey is unexported, so no other package can collide with these keys.
type ctxKey struct{}

// WithRequestID stores request-scoped data that crosses API boundaries
// (trace or request IDs), never optional parameters or dependencies.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// RequestID returns the ID stored by WithRequestID, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// Audit keeps the request's values but not its cancellation: the audit
// write must finish even after the client went away (Go 1.21+).
func Audit(ctx context.Context, write func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel() // its own deadline, so it cannot hang forever either
	return write(ctx)
}

// --8<-- [end:values]

package ctxdemo

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestTimeoutCancelsStep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { // fake clock: the 50ms pass instantly
		err := Handle(context.Background(), func(ctx context.Context) error {
			return Sleep(ctx, time.Hour)
		})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
	})
}

// --8<-- [start:cause]
func TestParentCauseReachesChildren(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithCancelCause(context.Background())
		time.AfterFunc(10*time.Millisecond, func() { cancel(ErrClientGone) })
		err := Handle(parent, func(ctx context.Context) error { return Sleep(ctx, time.Hour) })
		if !errors.Is(err, ErrClientGone) {
			t.Fatalf("err = %v, want it to wrap ErrClientGone", err)
		}
	})
}

// --8<-- [end:cause]

// fakeConn blocks in Read until Close.
type fakeConn struct{ closed chan struct{} }

func (c *fakeConn) Read() (string, error) {
	<-c.closed
	return "", errors.New("use of closed connection")
}
func (c *fakeConn) Close() error { close(c.closed); return nil }

func TestAfterFuncUnblocksRead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := ReadCtx(ctx, &fakeConn{closed: make(chan struct{})})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
	})
}

func TestValuesSurviveWithoutCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(WithRequestID(context.Background(), "req-42"))
	cancel() // the client is gone
	var sawID string
	err := Audit(ctx, func(ctx context.Context) error {
		sawID = RequestID(ctx)
		return ctx.Err() // not cancelled: WithoutCancel cut the link
	})
	if err != nil || sawID != "req-42" {
		t.Fatalf("Audit: id=%q err=%v", sawID, err)
	}
	if RequestID(context.Background()) != "" {
		t.Fatal("empty context should have no request ID")
	}
}

// --8<-- [start:errors]
func TestStepErrorWithoutCancellation(t *testing.T) {
	boom := errors.New("boom")
	err := Handle(context.Background(), func(context.Context) error { return boom })
	if !errors.Is(err, boom) || err.Error() != "step: boom" {
		t.Fatalf("err = %q, want %q wrapping boom", err, "step: boom")
	}
}

func TestSleepKeepsCanceledAndCause(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(ErrClientGone)
	err := Sleep(ctx, time.Hour)
	// 调用方既能认出“这是一次取消”，也能拿到取消的原因。
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrClientGone) {
		t.Fatalf("err = %v, want both context.Canceled and ErrClientGone", err)
	}
	if err := Sleep(context.Background(), 0); err != nil {
		t.Fatalf("Sleep(0) = %v, want nil", err)
	}
}

// --8<-- [end:errors]

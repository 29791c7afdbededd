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
// Handle 为每个步骤派生子 context。取消父节点会取消所有后代；
// 子节点的超时永远不会延长父节点的期限。
func Handle(parent context.Context, step func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil) // 一定要释放子节点，否则它和 parent 活得一样久

	dbCtx, dbCancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer dbCancel()
	err := step(dbCtx)
	switch {
	case err == nil:
		return nil
	case dbCtx.Err() == nil:
		// 步骤自己失败了（不是被取消）：没有“原因”可附加。
		return fmt.Errorf("step: %w", err)
	}
	// ctx.Err() 只能说 Canceled 或 DeadlineExceeded，context.Cause 说明为什么；
	// 错误里已经带着原因（比如 Sleep 返回的）就不再重复。
	if cause := context.Cause(dbCtx); !errors.Is(err, cause) {
		return fmt.Errorf("step: %w (cause: %w)", err, cause)
	}
	return fmt.Errorf("step: %w", err)
}

// --8<-- [end:tree]

// --8<-- [start:wait]
// Sleep 等待 d，或者等到 ctx 结束，以先到者为准。每个会阻塞的辅助函数
// 都应该接收 ctx，并像这样在 select 里监听 ctx.Done()。
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctxErr(ctx)
	}
}

// ctxErr 返回 ctx.Err()，取消方给了不同的原因时把原因也包进去。
// 只返回 context.Cause(ctx) 会让 errors.Is(err, context.Canceled) 变成 false，
// 调用方就认不出这是一次取消了。
func ctxErr(ctx context.Context) error {
	err := ctx.Err()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, err) {
		return fmt.Errorf("%w: %w", err, cause)
	}
	return err
}

// --8<-- [end:wait]

// --8<-- [start:afterfunc]
// Conn 代表一个不认识 context 的阻塞资源。
type Conn interface {
	Read() (string, error) // 阻塞到有数据或被 Close
	Close() error
}

// ReadCtx 让阻塞的 Read 可以取消：ctx 结束时，context.AfterFunc（Go 1.21+）
// 在单独的 goroutine 里调用 Close，Read 随之返回。
func ReadCtx(ctx context.Context, c Conn) (string, error) {
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop() // Close 已经执行过时返回 false
	s, err := c.Read()
	if ctx.Err() != nil {
		return "", ctxErr(ctx) // errors.Is 既能认出取消，也能认出原因
	}
	return s, err
}

// --8<-- [end:afterfunc]

// --8<-- [start:values]
// ctxKey 不导出，其他包的键不可能与它冲突。
type ctxKey struct{}

// WithRequestID 只存跨越 API 边界、属于这次请求的数据（trace ID、请求 ID），
// 不存可选参数或依赖。
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// RequestID 返回 WithRequestID 存入的 ID，没有则返回 ""。
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// Audit 保留请求的值，但不继承它的取消：客户端走了，审计记录也必须写完
// （WithoutCancel 需要 Go 1.21+）。
func Audit(ctx context.Context, write func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel() // 有自己的超时，所以也不会永远挂住
	return write(ctx)
}

// --8<-- [end:values]

// Package workerpool shows three ways to bound concurrency in Go: a classic
// channel-fed worker pool, errgroup with a limit, and a leak-free
// "first answer wins" fan-out.
package workerpool

import (
	"context"
	"errors"
	"sync"
)

// --8<-- [start:pool]
// ErrNoWorkers：workers < 1 时没有任何 goroutine 接收任务，发送会永远阻塞，
// 所以 Map 直接返回这个错误，而不是挂死。
var ErrNoWorkers = errors.New("workerpool: workers must be at least 1")

// Map 用最多 workers 个 goroutine 对每个元素调用 fn，按输入顺序返回结果。
// ctx 结束后不再派发新任务，返回已完成的部分结果和 ctx.Err()。
func Map[T, R any](ctx context.Context, items []T, workers int, fn func(T) R) ([]R, error) {
	if workers < 1 {
		return nil, ErrNoWorkers
	}
	type job struct {
		i    int
		item T
	}
	jobs := make(chan job) // 无缓冲：每个任务只交给一个空闲的 worker
	out := make([]R, len(items))

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { // Go 1.25+：Add(1)、go、defer Done() 合成一步
			for j := range jobs { // 生产者关闭 jobs 后循环结束
				out[j.i] = fn(j.item) // 每个下标只有一个 worker 写：没有竞争
			}
		})
	}

	var err error
feed:
	for i, it := range items {
		// 两个分支都就绪时 select 随机选，所以先查一次：ctx 已取消就一个任务也不派发
		// （恰好在检查之后才取消的，最多还会派发一个）。
		if err = ctx.Err(); err != nil {
			break
		}
		select {
		case jobs <- job{i, it}:
		case <-ctx.Done(): // 没有这个分支，已取消的调用方仍要等每一次发送
			err = ctx.Err()
			break feed
		}
	}
	close(jobs) // 唯一的发送方关闭，且只关一次
	wg.Wait()   // Wait 返回时，所有 worker 对 out 的写都已可见
	return out, err
}

// --8<-- [end:pool]

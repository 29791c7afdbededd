package workerpool

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// --8<-- [start:errgroup]
// FetchAll 对每个 id 调用 fetch，同时进行的调用最多 limit 个。
// 第一个错误会取消仍在运行的调用所用的 ctx，并被返回。
func FetchAll(ctx context.Context, ids []string, limit int,
	fetch func(context.Context, string) (string, error)) ([]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit) // 已有 limit 个 goroutine 在运行时，g.Go 会阻塞
	out := make([]string, len(ids))
	for i, id := range ids {
		g.Go(func() error { // Go 1.22+：每次迭代的 i 和 id 都是新变量
			v, err := fetch(ctx, id)
			if err != nil {
				return err
			}
			out[i] = v
			return nil
		})
	}
	if err := g.Wait(); err != nil { // 等待全部完成，返回第一个错误
		return nil, err
	}
	return out, nil
}

// --8<-- [end:errgroup]

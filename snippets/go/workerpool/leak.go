package workerpool

import "context"

// --8<-- [start:leak]
// FirstLeaky 询问每个副本并返回第一个答案。其余 goroutine 永远阻塞在
// 无缓冲的发送上：再也没有人接收。
func FirstLeaky(replicas []func() string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func() { ch <- r() }() // 每次调用泄漏 len(replicas)-1 个 goroutine
	}
	return <-ch
}

// First 修复了这两处泄漏：缓冲区给每个发送者留了位置，ctx 让调用方
// 可以放弃等待，而不会把任何 goroutine 困住。
func First(ctx context.Context, replicas []func() string) (string, error) {
	ch := make(chan string, len(replicas))
	for _, r := range replicas {
		go func() { ch <- r() }() // 永不阻塞：缓冲区能容纳所有结果
	}
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// --8<-- [end:leak]

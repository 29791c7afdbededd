// Package tokenbucket is a token-bucket rate limiter, the kind of code a
// coding round asks for. The clock is injected so that tests can move time
// without sleeping.
package tokenbucket

import (
	"errors"
	"sync"
	"time"
)

// --8<-- [start:bucket]
// Bucket 允许最多 capacity 个请求的突发，之后按每秒 rate 个补充令牌。
type Bucket struct {
	mu       sync.Mutex // Allow 会被多个 goroutine 同时调用
	capacity float64
	rate     float64 // 每秒补充的令牌数
	tokens   float64
	last     time.Time
	now      func() time.Time
}

// New 创建一个装满令牌的桶。now 为 nil 时用 time.Now：它返回的时间带有
// 单调时钟读数，两次读数相减不受 NTP 校时或手动改系统时间的影响。
func New(capacity, rate float64, now func() time.Time) (*Bucket, error) {
	if capacity <= 0 || rate <= 0 {
		return nil, errors.New("tokenbucket: capacity and rate must be positive")
	}
	if now == nil {
		now = time.Now
	}
	return &Bucket{capacity: capacity, rate: rate, tokens: capacity, last: now(), now: now}, nil
}

// Allow 在令牌足够时扣掉 cost 个并返回 true。没有后台 goroutine：
// 每次调用时按“距上次的时间 × 速率”惰性补充。
func (b *Bucket) Allow(cost float64) bool {
	b.mu.Lock() // “补充 → 判断 → 扣减”必须是一个整体
	defer b.mu.Unlock()
	now := b.now()
	elapsed := max(now.Sub(b.last).Seconds(), 0) // 注入的时钟回退时不倒扣令牌
	b.last = now
	b.tokens = min(b.capacity, b.tokens+elapsed*b.rate)
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// --8<-- [end:bucket]

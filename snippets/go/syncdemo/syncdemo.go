// Package syncdemo shows the sync and sync/atomic tools an interviewer
// expects you to choose between, each used where it fits.
package syncdemo

import (
	"sync"
	"sync/atomic"
)

// --8<-- [start:rwmutex]
// Cache 是可并发使用的 map。RWMutex 允许多个读者同时进入；写者要等它们
// 退出，然后独占。只有读远多于写、且临界区不太小时，它才划算。
type Cache struct {
	mu sync.RWMutex // 保护 m；零值就是未加锁的 mutex
	m  map[string]string
}

// NewCache 返回一个空缓存。
func NewCache() *Cache { return &Cache{m: map[string]string{}} }

// Get 在共享锁（读锁）下读取。
func (c *Cache) Get(k string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	return v, ok
}

// Set 在排他锁下写入。
func (c *Cache) Set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

// --8<-- [end:rwmutex]

// --8<-- [start:atomic]
// Config 一经发布就不可变：重新加载时构造一个新的 Config 并替换指针，
// 因此读者既不会看到写了一半的 Config，也从不加锁。
type Config struct {
	Endpoint string
	Replicas int
}

// Holder 发布当前的 Config。atomic 类型首次使用后不能再复制；
// go vet 的 copylocks 检查会报告对 Holder 的复制。
type Holder struct {
	cur     atomic.Pointer[Config] // 类型化的 atomic（Go 1.19+）：无需 unsafe.Pointer 转换
	reloads atomic.Int64           // 在 32 位平台上也保证 64 位对齐，裸 int64 则不保证
}

// Load 是 wait-free 的；每个请求都可以调用。
func (h *Holder) Load() *Config { return h.cur.Load() }

// Store 发布 c。Store 之前对 *c 的所有写入，happens before 任何返回 c 的
// Load（内存模型对 atomic 的规定）。
func (h *Holder) Store(c *Config) {
	h.cur.Store(c)
	h.reloads.Add(1)
}

// Reloads 统计 Store 的调用次数。
func (h *Holder) Reloads() int64 { return h.reloads.Load() }

// --8<-- [end:atomic]

// --8<-- [start:once]
// loadRules 代表一次昂贵的、只执行一次的初始化。
var loadCount atomic.Int32

// Rules 在首次使用时计算，即使并发调用也只算一次；每个调用者看到的
// 都是算完的值（Go 1.21+ 的 sync.OnceValue）。
// 如果函数 panic，之后每次调用都会以同一个值再次 panic。
var Rules = sync.OnceValue(func() []string {
	loadCount.Add(1)
	return []string{"deny-all", "allow-dns"}
})

// --8<-- [end:once]

// --8<-- [start:waitgroup]
// SumSquares 为每个输入启动一个 goroutine。WaitGroup.Go（Go 1.25+）会在
// 启动 goroutine 之前先做 Add(1)；手写代码常在 goroutine 内部调用 Add，
// 恰恰在这一步出错。
func SumSquares(nums []int) int64 {
	var wg sync.WaitGroup
	var total atomic.Int64
	for _, n := range nums {
		wg.Go(func() { total.Add(int64(n * n)) })
	}
	wg.Wait() // 每个 goroutine 的 total.Add（及其 Done）都 happens before Wait 返回
	return total.Load()
}

// --8<-- [end:waitgroup]

package profiling

import (
	"bytes"
	"net/http"
	"runtime/trace"
	"sync"
	"time"
)

// --8<-- [start:flight]
// SlowRequestRecorder 在后台持续保留最近几秒的执行追踪（环形缓冲），
// 只有请求超过阈值时才把这段窗口写出去，平时不落盘。
type SlowRequestRecorder struct {
	fr        *trace.FlightRecorder
	threshold time.Duration
	once      sync.Once
	sink      func(snapshot []byte) // 例如写文件或上传对象存储
}

func NewSlowRequestRecorder(threshold time.Duration, sink func([]byte)) (*SlowRequestRecorder, error) {
	fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{
		MinAge:   5 * time.Second, // 窗口至少覆盖最近 5 秒
		MaxBytes: 8 << 20,         // 上限约 8 MiB，优先于 MinAge
	})
	if err := fr.Start(); err != nil {
		return nil, err
	}
	return &SlowRequestRecorder{fr: fr, threshold: threshold, sink: sink}, nil
}

// Wrap 是 HTTP 中间件：慢请求触发一次快照（这里用 Once 只抓第一次，避免刷屏）。
func (r *SlowRequestRecorder) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, req)
		if time.Since(start) < r.threshold {
			return
		}
		r.once.Do(func() {
			var buf bytes.Buffer
			if _, err := r.fr.WriteTo(&buf); err == nil {
				r.sink(buf.Bytes()) // 之后用 go tool trace 打开
			}
		})
	})
}

// Stop 停止记录。
func (r *SlowRequestRecorder) Stop() { r.fr.Stop() }

// --8<-- [end:flight]

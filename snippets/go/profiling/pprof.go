package profiling

import (
	"net/http"
	"net/http/pprof"
	"runtime"
)

// --8<-- [start:mux]
// DebugMux 把 pprof 挂在一个单独的 ServeMux 上，只监听本地或集群内部端口，
// 而不是 import _ "net/http/pprof" 注册到 http.DefaultServeMux（那样业务端口也会暴露它）。
func DebugMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // heap、goroutine、block、mutex、allocs 等都经由它
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile) // CPU，?seconds=30
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace) // 执行追踪，?seconds=5
	return mux
}

// EnableContentionProfiles 打开默认关闭的两种 profile。
// block：平均每阻塞 rate 纳秒采样一次；mutex：每 fraction 次争用采样一次。
func EnableContentionProfiles() {
	runtime.SetBlockProfileRate(10_000) // 约每 10µs 的阻塞记一次样本
	runtime.SetMutexProfileFraction(100)
}

// --8<-- [end:mux]

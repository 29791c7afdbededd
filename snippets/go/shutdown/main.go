// Command shutdown is an HTTP server that drains in-flight requests when
// Kubernetes sends SIGTERM, and passes each request's context down.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// --8<-- [start:main]
func main() {
	// log.Fatal 调用 os.Exit，会跳过当前函数里的 defer；所以真正的工作放进
	// serve，它的 defer（包括 stop）在这里返回之前都已执行。
	if err := serve(); err != nil {
		log.Fatal(err)
	}
}

func serve() error {
	// 收到 SIGTERM（kubelet 先发的信号）或 Ctrl-C 时 ctx 被取消。
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop() // 恢复默认信号处理：再按一次 Ctrl-C 就能直接结束
	lis, err := net.Listen("tcp", ":8080")
	if err != nil {
		return err
	}
	return run(ctx, lis, handler(), 20*time.Second)
}

// --8<-- [end:main]

// --8<-- [start:run]
// run 一直服务到 ctx 结束，然后停止接受新连接，最多等 drain（要小于
// terminationGracePeriodSeconds，默认 30 秒）让进行中的请求完成；
// 等不完就强制关闭剩余连接，保证进程在 SIGKILL 之前自己退出。
func run(ctx context.Context, lis net.Listener, h http.Handler, drain time.Duration) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		// 请求的 ctx 从这里派生：SIGTERM 本身不取消它们，排空期间进行中的
		// 请求可以做完。
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()

	select {
	case err := <-errc: // 服务器自己出错退出了
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	// Shutdown 先关闭监听器，再等活动连接空闲；Serve 会立刻返回
	// http.ErrServerClosed。
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// 排空超时：Close 立即关闭所有剩余连接，进行中的请求被截断。
		return errors.Join(fmt.Errorf("drain: %w", err), srv.Close())
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// --8<-- [end:run]

// --8<-- [start:handler]
// handler 把 r.Context() 传给它调用的一切：客户端断开时 ctx 被取消，
// 工作随之停止。
func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /work", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(100 * time.Millisecond): // 代替一次数据库调用
			fmt.Fprintln(w, "done")
		case <-r.Context().Done():
			// 客户端已断开，没人会读响应了。
			log.Printf("request abandoned: %v", context.Cause(r.Context()))
		}
	})
	return mux
}

// --8<-- [end:handler]

package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// --8<-- [start:drain]
// 开始关闭时已经在处理的请求仍然能完整返回。
func TestShutdownDrainsInFlightRequest(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started) // 请求已进入处理
		handler().ServeHTTP(w, r)
	})
	go func() { runErr <- run(ctx, lis, h, 20*time.Second) }()

	body := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + lis.Addr().String() + "/work")
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body <- string(b)
	}()
	<-started
	cancel() // 相当于 main 里收到 SIGTERM

	if got := <-body; got != "done\n" {
		t.Fatalf("in-flight request got %q, want done", got)
	}
	if err := <-runErr; err != nil {
		t.Fatalf("run: %v", err)
	}
	// 监听器已关闭：新连接被拒绝。
	if _, err := net.DialTimeout("tcp", lis.Addr().String(), time.Second); err == nil {
		t.Fatal("server still accepting after shutdown")
	}
}

// --8<-- [end:drain]

// --8<-- [start:forceclose]
// 超出排空预算的请求被 Close 截断，run 及时返回，
// 而不是一直挂到 kubelet 发 SIGKILL。
func TestShutdownFallsBackToClose(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release // 模拟一个远超排空预算的请求
	})
	runErr := make(chan error, 1)
	go func() { runErr <- run(ctx, lis, h, 50*time.Millisecond) }()

	reqErr := make(chan error, 1)
	go func() {
		resp, err := http.Get("http://" + lis.Addr().String() + "/slow")
		if err == nil {
			resp.Body.Close()
		}
		reqErr <- err
	}()
	<-started
	cancel()

	if err := <-runErr; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("run = %v, want the drain deadline", err)
	}
	if err := <-reqErr; err == nil {
		t.Fatal("slow request completed, want it cut off by Close")
	}
}

// --8<-- [end:forceclose]

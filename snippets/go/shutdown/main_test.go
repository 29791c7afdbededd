package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// --8<-- [start:drain]
// A request that is already running when shutdown starts still completes.
func TestShutdownDrainsInFlightRequest(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started) // the request is now in flight
		handler().ServeHTTP(w, r)
	})
	go func() { runErr <- run(ctx, lis, h) }()

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
	cancel() // what SIGTERM does in main

	if got := <-body; got != "done\n" {
		t.Fatalf("in-flight request got %q, want done", got)
	}
	if err := <-runErr; err != nil {
		t.Fatalf("run: %v", err)
	}
	// The listener is closed: new connections are refused.
	if _, err := net.DialTimeout("tcp", lis.Addr().String(), time.Second); err == nil {
		t.Fatal("server still accepting after shutdown")
	}
}

// --8<-- [end:drain]

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
	// ctx is cancelled on SIGTERM (what the kubelet sends first) or Ctrl-C.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	lis, err := net.Listen("tcp", ":8080")
	if err != nil {
		log.Fatal(err)
	}
	if err := run(ctx, lis, handler()); err != nil {
		log.Fatal(err)
	}
}

// --8<-- [end:main]

// --8<-- [start:run]
// run serves until ctx is done, then stops accepting connections and waits
// up to 20s (keep it below terminationGracePeriodSeconds, 30s by default)
// for in-flight requests to finish.
func run(ctx context.Context, lis net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		// Request contexts derive from this one: they are not cancelled by
		// SIGTERM itself, so in-flight work can finish during the drain.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()

	select {
	case err := <-errc: // the server failed on its own
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Shutdown closes the listeners, then waits for active connections to go
	// idle. Serve returns http.ErrServerClosed at once.
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("drain: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// --8<-- [end:run]

// --8<-- [start:handler]
// handler passes r.Context() to everything it calls: when the client goes
// away, the context is cancelled and the work stops.
func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /work", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(100 * time.Millisecond): // stands in for a DB call
			fmt.Fprintln(w, "done")
		case <-r.Context().Done():
			// The client disconnected; nobody will read a response.
			log.Printf("request abandoned: %v", context.Cause(r.Context()))
		}
	})
	return mux
}

// --8<-- [end:handler]

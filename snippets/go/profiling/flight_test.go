package profiling

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// --8<-- [start:test]
func TestSlowRequestRecorder(t *testing.T) {
	var snapshots [][]byte
	rec, err := NewSlowRequestRecorder(10*time.Millisecond, func(b []byte) {
		snapshots = append(snapshots, bytes.Clone(b))
	})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Stop()
	slow := rec.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(20 * time.Millisecond)
	}))
	for range 2 {
		slow.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	}
	// 两个慢请求只产生一次快照：sync.Once 起到限流作用。
	if len(snapshots) != 1 {
		t.Fatalf("got %d snapshots, want exactly 1", len(snapshots))
	}
	// 执行追踪以 "go 1.xx trace" 头开始，可以直接交给 go tool trace。
	if !bytes.HasPrefix(snapshots[0], []byte("go 1.")) {
		t.Fatalf("snapshot does not look like a trace: %q", snapshots[0][:min(16, len(snapshots[0]))])
	}
}

// --8<-- [end:test]

func TestDebugMux(t *testing.T) {
	srv := httptest.NewServer(DebugMux())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine") {
		t.Fatalf("index: status %d, body %.80q", resp.StatusCode, body)
	}
}

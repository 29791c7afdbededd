package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// --8<-- [start:tztest]
func TestTimeUsesEmbeddedTZData(t *testing.T) {
	srv := httptest.NewServer(routes())
	defer srv.Close()
	for path, want := range map[string]string{
		"/time/Asia/Shanghai": "1970-01-01T08:00:00+08:00\n",
		"/time/UTC":           "1970-01-01T00:00:00Z\n",
		"/healthz":            "ok\n",
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(body) != want {
			t.Errorf("GET %s = %d %q, want 200 %q", path, resp.StatusCode, body, want)
		}
	}
}

// --8<-- [end:tztest]

func TestUnknownZoneIs404(t *testing.T) {
	rec := httptest.NewRecorder()
	routes().ServeHTTP(rec, httptest.NewRequest("GET", "/time/Mars/Olympus", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", rec.Code)
	}
}

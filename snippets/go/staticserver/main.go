// Command staticserver is the small HTTP service that the Dockerfiles in
// snippets/docker/go-static and snippets/docker/go-scratch package. It needs
// exactly the files a scratch image lacks: time zone data and CA certificates.
package main

import (
	"crypto/x509"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"
	// --8<-- [start:tzdata]
	// 把 IANA 时区数据库（约 450 KB）嵌入二进制，这样即使在没有
	// /usr/share/zoneinfo 的 scratch 镜像里，time.LoadLocation 也能工作。
	// 另一种做法是 `go build -tags timetzdata`。
	_ "time/tzdata"
	// --8<-- [end:tzdata]
)

func main() {
	addr := ":8080"
	if v := os.Getenv("ADDR"); v != "" {
		addr = v
	}
	srv := &http.Server{
		Addr:              addr,
		Handler:           routes(),
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Printf("listening on %s", addr)
	log.Fatal(srv.ListenAndServe())
}

// routes wires the two handlers; tests call it directly.
func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /time/{zone...}", timeIn)
	mux.HandleFunc("GET /certs", certs)
	return mux
}

// timeIn prints the Unix epoch in the requested zone, which fails without tzdata.
func timeIn(w http.ResponseWriter, r *http.Request) {
	loc, err := time.LoadLocation(r.PathValue("zone"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	fmt.Fprintln(w, time.Unix(0, 0).In(loc).Format(time.RFC3339))
}

// certs reports whether the system CA pool loads: on scratch without
// /etc/ssl/certs every outbound TLS call fails with "x509: certificate signed
// by unknown authority".
func certs(w http.ResponseWriter, _ *http.Request) {
	if _, err := x509.SystemCertPool(); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, "system cert pool loaded")
}

// Package grpcbench measures protobuf against encoding/json for the same
// message, and a gRPC call against an HTTP+JSON call over loopback TCP.
// Run it with snippets/scripts/go-bench.sh; only the ratios within one run
// on one machine mean anything.
package grpcbench

import (
	"encoding/json"
	"net/http"

	catalogv1 "example.com/cnig/grpcdemo/gen"
)

// Item is the REST representation of catalogv1.Item: the same fields, with
// the JSON names a REST API would use.
type Item struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	PriceCents int64             `json:"priceCents"`
	Tags       []string          `json:"tags"`
	Attributes map[string]string `json:"attributes"`
}

// Sample returns the message both encodings carry, as both types.
func Sample() (*catalogv1.Item, *Item) {
	tags := []string{"fruit", "organic", "imported", "seasonal", "promo"}
	attrs := map[string]string{
		"origin": "Yantai", "grade": "A", "unit": "kg", "storage": "cold", "supplier": "s-10442",
	}
	pb := &catalogv1.Item{Id: "item-000123", Name: "Red Fuji apple", PriceCents: 1299, Tags: tags, Attributes: attrs}
	js := &Item{ID: pb.Id, Name: pb.Name, PriceCents: pb.PriceCents, Tags: tags, Attributes: attrs}
	return pb, js
}

// --8<-- [start:handler]
// JSONHandler 是 CatalogService.GetItem 的 REST 对照版：GET /items/{id}。
func JSONHandler(items map[string]*Item) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		it, ok := items[r.PathValue("id")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(it)
	})
	return mux
}

// --8<-- [end:handler]

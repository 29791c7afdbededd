package grpcbench

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"example.com/cnig/grpcdemo"
	catalogv1 "example.com/cnig/grpcdemo/gen"
)

// Both encodings must carry the same information, or the benchmark lies.
func TestEncodingsRoundTrip(t *testing.T) {
	pb, js := Sample()
	b, err := proto.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	var pb2 catalogv1.Item
	if err := proto.Unmarshal(b, &pb2); err != nil || !proto.Equal(pb, &pb2) {
		t.Fatalf("protobuf round trip: %v", err)
	}
	j, err := json.Marshal(js)
	if err != nil {
		t.Fatal(err)
	}
	var js2 Item
	if err := json.Unmarshal(j, &js2); err != nil || !reflect.DeepEqual(js, &js2) {
		t.Fatalf("json round trip: %v", err)
	}
	t.Logf("encoded size: protobuf %d bytes, json %d bytes", len(b), len(j))
	if len(b) >= len(j) {
		t.Errorf("protobuf (%d B) should be smaller than JSON (%d B) for this message", len(b), len(j))
	}
}

// --8<-- [start:codec]
func BenchmarkMarshal(b *testing.B) {
	pb, js := Sample()
	b.Run("protobuf", func(b *testing.B) {
		for b.Loop() { // Go 1.24+：循环体不会被编译器优化掉
			if _, err := proto.Marshal(pb); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			if _, err := json.Marshal(js); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUnmarshal(b *testing.B) {
	pb, js := Sample()
	pbBytes, _ := proto.Marshal(pb)
	jsBytes, _ := json.Marshal(js)
	b.Run("protobuf", func(b *testing.B) {
		b.SetBytes(int64(len(pbBytes)))
		for b.Loop() {
			var m catalogv1.Item
			if err := proto.Unmarshal(pbBytes, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		b.SetBytes(int64(len(jsBytes)))
		for b.Loop() {
			var m Item
			if err := json.Unmarshal(jsBytes, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// --8<-- [end:codec]

// --8<-- [start:roundtrip]
// BenchmarkRoundTrip 每次迭代在回环 TCP 上、复用同一条连接串行调用一次：
// gRPC（HTTP/2 + protobuf）对比同样的查询走 REST（JSON），分别经
// HTTP/1.1 和明文 HTTP/2（h2c）。
func BenchmarkRoundTrip(b *testing.B) {
	pb, js := Sample()

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	gs := grpc.NewServer()
	catalogv1.RegisterCatalogServiceServer(gs, grpcdemo.NewServer(pb))
	go func() { _ = gs.Serve(lis) }()
	defer gs.Stop()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	client := catalogv1.NewCatalogServiceClient(conn)
	b.Run("grpc", func(b *testing.B) {
		for b.Loop() {
			if _, err := client.GetItem(context.Background(), &catalogv1.GetItemRequest{Id: pb.Id}); err != nil {
				b.Fatal(err)
			}
		}
	})

	for _, transport := range []string{"http1-json", "h2c-json"} {
		hs := httptest.NewUnstartedServer(JSONHandler(map[string]*Item{js.ID: js}))
		tr := &http.Transport{}
		if transport == "h2c-json" {
			// Go 1.24+：按要求设置后，net/http 可以不经 TLS 直接讲 HTTP/2。
			hs.Config.Protocols = new(http.Protocols)
			hs.Config.Protocols.SetUnencryptedHTTP2(true)
			tr.Protocols = new(http.Protocols)
			tr.Protocols.SetUnencryptedHTTP2(true)
		}
		hs.Start()
		hc := &http.Client{Transport: tr}
		url := fmt.Sprintf("%s/items/%s", hs.URL, js.ID)
		b.Run(transport, func(b *testing.B) {
			for b.Loop() {
				resp, err := hc.Get(url)
				if err != nil {
					b.Fatal(err)
				}
				var it Item
				err = json.NewDecoder(resp.Body).Decode(&it)
				resp.Body.Close()
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		tr.CloseIdleConnections()
		hs.Close()
	}
}

// --8<-- [end:roundtrip]

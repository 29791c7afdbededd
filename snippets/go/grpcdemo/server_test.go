package grpcdemo

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	catalogv1 "example.com/cnig/grpcdemo/gen"
)

func items() []*catalogv1.Item {
	return []*catalogv1.Item{
		{Id: "a", Name: "apple", PriceCents: 120, Tags: []string{"fruit"}},
		{Id: "b", Name: "bread", PriceCents: 350, Tags: []string{"bakery"}},
		{Id: "c", Name: "cherry", PriceCents: 900, Tags: []string{"fruit"}},
	}
}

// --8<-- [start:bufconn]
// dial 通过内存 listener（bufconn）为 s 提供服务：gRPC 分帧和 HTTP/2
// 都是真实的，但不占端口，所以测试很快，也不会互相冲突。
func dial(t *testing.T, s catalogv1.CatalogServiceServer, opts ...grpc.ServerOption) catalogv1.CatalogServiceClient {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer(opts...)
	catalogv1.RegisterCatalogServiceServer(srv, s)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)

	// grpc.NewClient（grpc-go 1.63+）取代已弃用的 grpc.Dial；它是惰性连接，
	// 第一次 RPC 时才真正建立连接。
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return catalogv1.NewCatalogServiceClient(conn)
}

// --8<-- [end:bufconn]

func TestUnaryStatusCodes(t *testing.T) {
	c := dial(t, NewServer(items()...))
	ctx := context.Background()
	if p, err := Price(ctx, c, "b"); err != nil || p != 350 {
		t.Fatalf("Price(b) = %d, %v", p, err)
	}
	if _, err := Price(ctx, c, "zzz"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Price(zzz) err = %v, want ErrNotFound", err)
	}
	_, err := c.GetItem(ctx, &catalogv1.GetItemRequest{})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("empty id: code = %v, want InvalidArgument", status.Code(err))
	}
}

func TestDeadlineReachesServer(t *testing.T) {
	serverSaw := make(chan error, 1)
	// A slow interceptor stands in for a slow handler.
	slow := grpc.UnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		select {
		case <-time.After(2 * time.Second):
		case <-ctx.Done(): // the client's deadline cancels the server's ctx
			serverSaw <- ctx.Err()
			return nil, status.FromContextError(ctx.Err()).Err()
		}
		return h(ctx, req)
	})
	c := dial(t, NewServer(items()...), slow)
	_, err := Price(context.Background(), c, "a") // 200ms budget
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("code = %v, want DeadlineExceeded", status.Code(err))
	}
	select {
	case e := <-serverSaw:
		// DeadlineExceeded if the server's own timer (from grpc-timeout)
		// fired first, Canceled if the client's RST_STREAM arrived first.
		if !errors.Is(e, context.DeadlineExceeded) && !errors.Is(e, context.Canceled) {
			t.Fatalf("server ctx err = %v", e)
		}
	case <-time.After(time.Second):
		t.Fatal("server never saw the deadline")
	}
}

func TestServerStreaming(t *testing.T) {
	c := dial(t, NewServer(items()...))
	stream, err := c.ListItems(context.Background(), &catalogv1.ListItemsRequest{Tag: "fruit"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		it, err := stream.Recv()
		if errors.Is(err, io.EOF) { // the server returned nil: status OK
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, it.GetId())
	}
	if len(got) != 2 || got[0] != "a" || got[1] != "c" {
		t.Fatalf("got %v, want [a c]", got)
	}
}

func TestClientStreaming(t *testing.T) {
	s := NewServer()
	c := dial(t, s)
	stream, err := c.ImportItems(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items() {
		if err := stream.Send(it); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := stream.CloseAndRecv() // half-close, then wait for the answer
	if err != nil || sum.GetImported() != 3 {
		t.Fatalf("summary = %v, %v", sum, err)
	}
	if p, err := Price(context.Background(), c, "c"); err != nil || p != 900 {
		t.Fatalf("imported item: %d, %v", p, err)
	}
}

func TestBidiStreaming(t *testing.T) {
	c := dial(t, NewServer(items()...))
	stream, err := c.WatchPrices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		if err := stream.Send(&catalogv1.PriceQuery{Id: id}); err != nil {
			t.Fatal(err)
		}
		up, err := stream.Recv()
		if err != nil || up.GetId() != id {
			t.Fatalf("update for %s = %v, %v", id, up, err)
		}
	}
	if err := stream.Send(&catalogv1.PriceQuery{Id: "nope"}); err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); status.Code(err) != codes.NotFound {
		t.Fatalf("code = %v, want NotFound", status.Code(err))
	}
}

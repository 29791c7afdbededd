// Package grpcdemo implements CatalogService (snippets/proto/catalog.proto)
// with all four call kinds, deadlines and status codes.
package grpcdemo

//go:generate ../../scripts/go-protoc.sh

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	catalogv1 "example.com/cnig/grpcdemo/gen"
)

// Server keeps the catalog in memory.
type Server struct {
	catalogv1.UnimplementedCatalogServiceServer // forward compatible: new RPCs return Unimplemented

	mu    sync.RWMutex
	items map[string]*catalogv1.Item
}

// NewServer returns a catalog holding the given items.
func NewServer(items ...*catalogv1.Item) *Server {
	s := &Server{items: map[string]*catalogv1.Item{}}
	for _, it := range items {
		s.items[it.GetId()] = it
	}
	return s
}

// --8<-- [start:unary]
// GetItem 把业务结果映射成状态码，而不是返回随意的错误文本。
func (s *Server) GetItem(ctx context.Context, req *catalogv1.GetItemRequest) (*catalogv1.Item, error) {
	if req.GetId() == "" {
		return nil, status.Error(codes.InvalidArgument, "id is required")
	}
	// 客户端的 deadline 通过 grpc-timeout 头传过来，在这里成为 ctx 的
	// deadline；做耗时工作之前先检查它。
	if err := ctx.Err(); err != nil {
		return nil, status.FromContextError(err).Err()
	}
	s.mu.RLock()
	it, ok := s.items[req.GetId()]
	s.mu.RUnlock()
	if !ok {
		return nil, status.Errorf(codes.NotFound, "item %q not found", req.GetId())
	}
	return it, nil
}

// --8<-- [end:unary]

// --8<-- [start:serverstream]
// ListItems 按 id 顺序逐条发送匹配的商品，每条一个消息。
func (s *Server) ListItems(req *catalogv1.ListItemsRequest, stream grpc.ServerStreamingServer[catalogv1.Item]) error {
	s.mu.RLock()
	var out []*catalogv1.Item
	for _, it := range s.items {
		if req.GetTag() == "" || slices.Contains(it.GetTags(), req.GetTag()) {
			out = append(out, it)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b *catalogv1.Item) int { return strings.Compare(a.GetId(), b.GetId()) })
	for _, it := range out {
		// 客户端读得慢时，Send 受 HTTP/2 流控阻塞；客户端取消或
		// deadline 到期后，Send 返回错误。
		if err := stream.Send(it); err != nil {
			return err
		}
	}
	return nil // 返回即以状态 OK 结束这个流
}

// --8<-- [end:serverstream]

// --8<-- [start:clientstream]
// ImportItems 一直读到客户端半关闭（io.EOF），然后只回复一次。
func (s *Server) ImportItems(stream grpc.ClientStreamingServer[catalogv1.Item, catalogv1.ImportSummary]) error {
	var n int32
	for {
		it, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return stream.SendAndClose(&catalogv1.ImportSummary{Imported: n})
		}
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.items[it.GetId()] = it
		s.mu.Unlock()
		n++
	}
}

// --8<-- [end:clientstream]

// --8<-- [start:bidi]
// WatchPrices 每收到一个查询就回答一次；真实服务还会主动推送变化。
// 两个方向共用一个 HTTP/2 流。
func (s *Server) WatchPrices(stream grpc.BidiStreamingServer[catalogv1.PriceQuery, catalogv1.PriceUpdate]) error {
	for {
		q, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		s.mu.RLock()
		it, ok := s.items[q.GetId()]
		s.mu.RUnlock()
		if !ok {
			return status.Errorf(codes.NotFound, "item %q not found", q.GetId())
		}
		if err := stream.Send(&catalogv1.PriceUpdate{Id: it.GetId(), PriceCents: it.GetPriceCents()}); err != nil {
			return err
		}
	}
}

// --8<-- [end:bidi]

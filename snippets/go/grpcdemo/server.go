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
// GetItem maps domain outcomes to status codes instead of free-form errors.
func (s *Server) GetItem(ctx context.Context, req *catalogv1.GetItemRequest) (*catalogv1.Item, error) {
	if req.GetId() == "" {
		return nil, status.Error(codes.InvalidArgument, "id is required")
	}
	// The client's deadline arrives as the grpc-timeout header and becomes
	// ctx's deadline here; check it before doing expensive work.
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
// ListItems sends matching items one message at a time, in id order.
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
		// Send blocks under HTTP/2 flow control when the client reads slowly,
		// and fails once the client cancels or its deadline passes.
		if err := stream.Send(it); err != nil {
			return err
		}
	}
	return nil // returning ends the stream with status OK
}

// --8<-- [end:serverstream]

// --8<-- [start:clientstream]
// ImportItems reads until the client half-closes (io.EOF), then answers once.
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
// WatchPrices answers each query as it arrives; a real service would also
// push changes. Both directions share one HTTP/2 stream.
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

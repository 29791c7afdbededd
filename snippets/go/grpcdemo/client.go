package grpcdemo

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	catalogv1 "example.com/cnig/grpcdemo/gen"
)

// ErrNotFound is what callers of Price see for codes.NotFound.
var ErrNotFound = errors.New("item not found")

// --8<-- [start:client]
// Price 以自己的 deadline 查询一件商品。deadline 会传到服务端
// （grpc-timeout 头），于是客户端已经放弃的请求，服务端也会停止处理；
// 之后的每一跳都继承剩余的时间预算。
func Price(ctx context.Context, c catalogv1.CatalogServiceClient, id string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	it, err := c.GetItem(ctx, &catalogv1.GetItemRequest{Id: id})
	switch status.Code(err) { // codes.OK for a nil error
	case codes.OK:
		return it.GetPriceCents(), nil
	case codes.NotFound:
		return 0, ErrNotFound // a business answer: do not retry
	case codes.Unavailable, codes.DeadlineExceeded:
		return 0, err // transient: a retry policy may try again (if idempotent)
	default:
		return 0, err
	}
}

// --8<-- [end:client]

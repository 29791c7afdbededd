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
	switch status.Code(err) { // err 为 nil 时得到 codes.OK
	case codes.OK:
		return it.GetPriceCents(), nil
	case codes.NotFound:
		return 0, ErrNotFound // 业务层面的答复：不要重试
	case codes.Unavailable, codes.DeadlineExceeded:
		return 0, err // 暂时性错误：重试策略可以再试一次（前提是幂等）
	default:
		return 0, err
	}
}

// --8<-- [end:client]

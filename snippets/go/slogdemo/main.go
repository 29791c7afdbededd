// Command slogdemo shows log/slog (Go 1.21): text and JSON handlers, With
// and WithGroup, a LogValuer that redacts a secret, level filtering, and
// slog.NewMultiHandler (Go 1.26). The time attribute is dropped so that the
// output is deterministic and can be compared with main.out.
package main

import (
	"context"
	"log/slog"
	"os"
)

func main() {
	handlers()
	groupsAndValuer()
	multi()
}

// --8<-- [start:handlers]
// dropTime 去掉时间字段，只是为了让示例输出可以逐字比对；生产环境保留它。
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func handlers() {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: dropTime}
	text := slog.New(slog.NewTextHandler(os.Stdout, opts))
	json := slog.New(slog.NewJSONHandler(os.Stdout, opts))

	// 键值对交替传入；With 返回的 Logger 在每条记录里带上这些属性（预先格式化一次）。
	reqLog := text.With("request_id", "r-42")
	reqLog.Info("pod scheduled", "pod", "web-0", "node", "n1")
	reqLog.Debug("not printed: below the handler's level")

	// LogAttrs + 强类型的 slog.Int/slog.String 避免 any 装箱，是热路径上的写法。
	json.LogAttrs(context.Background(), slog.LevelWarn, "slow request",
		slog.String("path", "/healthz"), slog.Int("ms", 1200))
}

// --8<-- [end:handlers]

// --8<-- [start:valuer]
// Token 实现 slog.LogValuer：日志里只会出现 LogValue 的结果，秘密不会被打印。
type Token string

func (Token) LogValue() slog.Value { return slog.StringValue("REDACTED") }

// Pod 把多个字段组合成一个分组值。
type Pod struct{ Namespace, Name string }

func (p Pod) LogValue() slog.Value {
	return slog.GroupValue(slog.String("ns", p.Namespace), slog.String("name", p.Name))
}

func groupsAndValuer() {
	opts := &slog.HandlerOptions{ReplaceAttr: dropTime}
	log := slog.New(slog.NewJSONHandler(os.Stdout, opts))
	// WithGroup 之后的属性都嵌套在 "k8s" 下。
	log.WithGroup("k8s").Info("login", "token", Token("s3cr3t"), "pod", Pod{"prod", "api-1"})
	text := slog.New(slog.NewTextHandler(os.Stdout, opts))
	text.Info("login", "token", Token("s3cr3t"), slog.Group("pod", "ns", "prod", "name", "api-1"))
}

// --8<-- [end:valuer]

// --8<-- [start:multi]
func multi() {
	// Go 1.26：一条记录同时发给多个 Handler，各自按自己的级别过滤。
	toText := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: dropTime})
	toJSON := slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelError, ReplaceAttr: dropTime})
	log := slog.New(slog.NewMultiHandler(toText, toJSON))
	log.Info("only text")
	log.Error("both", "err", "disk full")
}

// --8<-- [end:multi]

// Package profiling holds the code that the profiling page measures: a
// label parser that is fuzzed and benchmarked, a private pprof mux, and a
// flight recorder that snapshots the last seconds of execution when a
// request is slow.
package profiling

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// --8<-- [start:parse]
// ParseLabels 解析 "app=web,tier=frontend" 形式的标签选择器（简化版）。
// 它是模糊测试的目标：任意输入都不能 panic，成功解析的结果必须能原样往返。
func ParseLabels(s string) (map[string]string, error) {
	labels := make(map[string]string)
	if s == "" {
		return labels, nil
	}
	for pair := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok {
			return nil, fmt.Errorf("label %q: missing '='", pair)
		}
		if !validKey(k) {
			return nil, fmt.Errorf("label key %q: invalid", k)
		}
		if strings.ContainsAny(v, ",=") {
			return nil, fmt.Errorf("label value %q: contains ',' or '='", v)
		}
		if _, dup := labels[k]; dup {
			return nil, fmt.Errorf("label key %q: %w", k, ErrDuplicate)
		}
		labels[k] = v
	}
	return labels, nil
}

// ErrDuplicate 表示同一个键出现了两次。
var ErrDuplicate = errors.New("duplicate key")

func validKey(k string) bool {
	if k == "" || len(k) > 63 {
		return false
	}
	for _, r := range k {
		if !(r == '-' || r == '_' || r == '.' || r == '/' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// FormatLabels 是 ParseLabels 的逆操作，按键排序保证输出确定。
func FormatLabels(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k + "=" + labels[k])
	}
	return b.String()
}

// --8<-- [end:parse]

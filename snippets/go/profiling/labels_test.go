package profiling

import (
	"maps"
	"testing"
)

// --8<-- [start:fuzz]
// FuzzParseLabels：go test 只跑下面的种子语料 (seed corpus)；
// go test -fuzz=FuzzParseLabels 才会变异输入，发现的失败用例写进 testdata/fuzz/。
func FuzzParseLabels(f *testing.F) {
	for _, seed := range []string{"", "app=web", "app=web,tier=frontend", "a=", "=x", "a=b,a=c"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		labels, err := ParseLabels(s) // 性质一：任何输入都不 panic
		if err != nil {
			return
		}
		// 性质二：格式化后再解析，得到同样的结果（往返性质）。
		again, err := ParseLabels(FormatLabels(labels))
		if err != nil {
			t.Fatalf("round trip of %q: %v", s, err)
		}
		if !maps.Equal(labels, again) {
			t.Fatalf("round trip of %q: got %v, want %v", s, again, labels)
		}
	})
}

// --8<-- [end:fuzz]

// --8<-- [start:bench]
// BenchmarkParseLabels 是 pprof 和 PGO 脚本使用的负载。
func BenchmarkParseLabels(b *testing.B) {
	const in = "app=web,tier=frontend,env=prod,team=platform,version=v1.27.3"
	b.ReportAllocs()
	for b.Loop() { // Go 1.24 的 b.Loop：计时只覆盖循环本身，结果不会被优化掉
		if _, err := ParseLabels(in); err != nil {
			b.Fatal(err)
		}
	}
}

// --8<-- [end:bench]

func TestParseLabels(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"tier=frontend,app=web", "app=web,tier=frontend", false},
		{"app", "", true},
		{"app=web,app=api", "", true},
		{"app=a=b", "", true},
	} {
		got, err := ParseLabels(tc.in)
		if (err != nil) != tc.wantErr {
			t.Fatalf("ParseLabels(%q) error = %v, wantErr %v", tc.in, err, tc.wantErr)
		}
		if err == nil && FormatLabels(got) != tc.want {
			t.Errorf("ParseLabels(%q) = %q, want %q", tc.in, FormatLabels(got), tc.want)
		}
	}
}

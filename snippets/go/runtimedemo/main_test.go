package main

import (
	"slices"
	"testing"
)

var (
	sink    any // 防止编译器把结果整个优化掉
	sinkInt int // 整数结果不装箱，装箱本身的分配不会混进计数
)

// --8<-- [start:allocs]
func TestEscapeAnalysisDecidesAllocations(t *testing.T) {
	cases := []struct {
		name string
		fn   func()
		want float64
	}{
		{"stack", func() { sinkInt = sumOnStack(1) }, 0},
		{"returned pointer", func() { sink = newPoint(1) }, 1},
		{"boxed in interface", func() { sink = viaInterface(1) }, 1},
	}
	for _, c := range cases {
		if got := testing.AllocsPerRun(100, c.fn); got != c.want {
			t.Errorf("%s: %v allocs per run, want %v", c.name, got, c.want)
		}
	}
}

// --8<-- [end:allocs]

// --8<-- [start:select]
// 两个 channel 都一直就绪时，select 每次随机选一个分支：
// 1000 次里两边都应该被选中很多次，绝不会总是第一个。
func TestSelectPicksReadyCasesAtRandom(t *testing.T) {
	a, b := make(chan int, 1), make(chan int, 1)
	var countA, countB int
	for range 1000 {
		a <- 1
		b <- 1
		select {
		case <-a:
			countA++
			<-b
		case <-b:
			countB++
			<-a
		}
	}
	if countA < 300 || countB < 300 {
		t.Fatalf("a chosen %d times, b %d times: want both near 500", countA, countB)
	}
}

// --8<-- [end:select]

// --8<-- [start:mapiter]
// 同一个 map 连续遍历，起始位置也会变：不要依赖 map 的顺序。
func TestMapIterationOrderIsNotStable(t *testing.T) {
	m := make(map[int]bool)
	for i := range 64 {
		m[i] = true
	}
	first := make(map[int]bool)
	for range 100 {
		for k := range m {
			first[k] = true
			break
		}
	}
	if len(first) < 2 {
		t.Fatalf("100 iterations all started at the same key: %v", first)
	}
}

// --8<-- [end:mapiter]

func TestDeferAndRecover(t *testing.T) {
	if got := deferOrder(); !slices.Equal(got, []int{2, 1, 0}) {
		t.Fatalf("deferOrder = %v", got)
	}
	if _, err := safeDiv(1, 0); err == nil {
		t.Fatal("safeDiv(1, 0) should return an error")
	}
	if q, err := safeDiv(6, 3); q != 2 || err != nil {
		t.Fatalf("safeDiv(6, 3) = %d, %v", q, err)
	}
	if got := recoverIndirect(); got != "outer defer caught boom" {
		t.Fatalf("recoverIndirect = %q", got)
	}
}

func TestTypedNil(t *testing.T) {
	if findBad(true) == nil {
		t.Fatal("findBad(true) should be a non-nil interface holding a nil pointer")
	}
	if findGood(true) != nil || findGood(false) == nil {
		t.Fatal("findGood: want nil on success, an error on failure")
	}
}

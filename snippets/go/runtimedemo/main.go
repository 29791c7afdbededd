// Command runtimedemo prints what the runtime questions of section 4.7 are
// about: GC settings read back through runtime/metrics, defer/recover rules,
// typed nil in interfaces, interface comparison, and map iteration order.
// Its output is deterministic and compared with main.out.
package main

import (
	"errors"
	"fmt"
	"maps"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
)

func main() {
	gcSettings()
	fmt.Println("deferOrder:", deferOrder())
	fmt.Println("safeDiv:", errString(safeDiv(1, 0)))
	fmt.Println("recoverIndirect:", recoverIndirect())
	fmt.Println("panicNil:", panicNil())
	typedNil()
	compareInterfaces()
	mapOrder()
}

func errString(_ int, err error) string { return err.Error() }

// --8<-- [start:gc]
// gcSettings 设置 GOGC 和内存上限，再通过 runtime/metrics 读回来：
// 线上排查时，用同样的指标确认进程实际生效的值（环境变量可能被覆盖）。
func gcSettings() {
	oldPercent := debug.SetGCPercent(50)        // 等价于 GOGC=50
	oldLimit := debug.SetMemoryLimit(256 << 20) // 等价于 GOMEMLIMIT=256MiB
	defer debug.SetGCPercent(oldPercent)        // 恢复原值
	defer debug.SetMemoryLimit(oldLimit)

	samples := []metrics.Sample{
		{Name: "/gc/gogc:percent"},
		{Name: "/gc/gomemlimit:bytes"},
	}
	metrics.Read(samples)
	for _, s := range samples {
		fmt.Printf("%s = %d\n", s.Name, s.Value.Uint64())
	}
}

// --8<-- [end:gc]

// --8<-- [start:defer]
// deferOrder：defer 按后进先出执行，而且在 return 赋值之后、函数真正返回
// 之前运行，所以能修改具名返回值。Go 1.22 起每轮循环的 i 是新变量。
func deferOrder() (out []int) {
	for i := range 3 {
		defer func() { out = append(out, i) }()
	}
	return nil // 先把 out 设为 nil，再依次执行 3 个 defer
}

// safeDiv 把除零的运行时 panic 变成普通错误。recover 只在 defer 的函数里
// 直接调用时才有效。
func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

// --8<-- [end:defer]

// --8<-- [start:recover]
// helper 不是被 defer 直接调用的函数，它里面的 recover 返回 nil，
// panic 继续向外传播，由外层的 defer 接住。
func helper() bool { return recover() != nil }

func recoverIndirect() (result string) {
	defer func() {
		if r := recover(); r != nil {
			result = fmt.Sprintf("outer defer caught %v", r)
		}
	}()
	defer func() {
		if helper() { // 间接调用：拿不到 panic
			result = "helper caught it"
		}
	}()
	panic("boom")
}

// panicNil：Go 1.21 起 panic(nil) 会变成 *runtime.PanicNilError，
// recover 不再返回 nil，“没有 panic”和“panic(nil)”终于能区分。
func panicNil() (desc string) {
	defer func() {
		r := recover()
		var pe *runtime.PanicNilError
		desc = fmt.Sprintf("%T, errors.As=%v", r, errors.As(r.(error), &pe))
	}()
	panic(nil)
}

// --8<-- [end:recover]

// --8<-- [start:typednil]
// NotFound 是一个指针接收者实现的错误类型。
type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

// findBad 返回一个值为 nil 的 *NotFound，但装进 error 接口后，接口的
// 动态类型是 *NotFound，接口本身不等于 nil。
func findBad(ok bool) error {
	var e *NotFound
	if !ok {
		e = &NotFound{Key: "x"}
	}
	return e
}

// findGood 在成功时直接返回字面量 nil：类型和值都为空的接口。
func findGood(ok bool) error {
	if !ok {
		return &NotFound{Key: "x"}
	}
	return nil
}

func typedNil() {
	bad, good := findBad(true), findGood(true)
	fmt.Printf("findBad(true) == nil: %v (dynamic type %T)\n", bad == nil, bad)
	fmt.Printf("findGood(true) == nil: %v\n", good == nil)
}

// --8<-- [end:typednil]

// --8<-- [start:compare]
// compareInterfaces：两个接口相等要求动态类型相同且动态值相等。
// 动态类型不可比较（切片、map、函数）时，== 在运行时 panic。
func compareInterfaces() {
	var a, b any = 1, int64(1)
	fmt.Println("any(1) == any(int64(1)):", a == b) // 动态类型不同
	defer func() { fmt.Println("compare slices:", recover()) }()
	var x, y any = []int{1}, []int{1}
	fmt.Println(x == y) // 不会执行到这里
}

// --8<-- [end:compare]

// --8<-- [start:maporder]
// mapOrder：map 的遍历顺序没有定义（运行时还会故意打乱），需要稳定输出时
// 先取出键再排序。
func mapOrder() {
	m := map[string]int{"pod": 3, "node": 1, "service": 2}
	fmt.Println("sorted keys:", slices.Sorted(maps.Keys(m)))
}

// --8<-- [end:maporder]

// Command generics walks through the type-parameter rules an interviewer
// probes: constraints as type sets, the ~ token, comparable, inference, a
// generic type with methods, a self-referential constraint (Go 1.26) and a
// method with its own type parameter (Go 1.27).
// Its output is deterministic and compared with main.out.
package main

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

func main() {
	typeSets()
	setOfKeys()
	selfReference()
	genericMethod()
}

// --8<-- [start:typesets]
// Number 是一个类型集 (type set)：~int 表示“底层类型为 int 的所有类型”。
// 含类型项的接口只能当约束用，不能声明这种类型的变量。
type Number interface {
	~int | ~int64 | ~float64
}

// Sum 对任何元素属于 Number 类型集的切片求和。S ~[]E 是 slices 包的惯用写法：
// 返回切片的函数靠它保留调用方的具名切片类型；Sum 只返回 E，这里只是沿用写法。
func Sum[S ~[]E, E Number](s S) E {
	var total E
	for _, v := range s {
		total += v // 类型集里每个类型都支持 +，所以编译通过
	}
	return total
}

// Celsius 的底层类型是 float64，因为约束写了 ~float64 才能满足 Number。
type Celsius float64

func typeSets() {
	fmt.Println(Sum([]int{1, 2, 3}))                 // E 推断为 int
	fmt.Println(Sum([]Celsius{36.5, 0.5}))           // E 推断为 Celsius
	fmt.Println(slices.Max([]string{"b", "c", "a"})) // cmp.Ordered 约束
}

// --8<-- [end:typesets]

// --8<-- [start:comparable]
// Set 的键必须能用 == 比较，所以约束是 comparable（它才能做 map 的键）。
type Set[T comparable] struct {
	m map[T]struct{}
}

func NewSet[T comparable](items ...T) *Set[T] {
	s := &Set[T]{m: make(map[T]struct{}, len(items))}
	for _, it := range items {
		s.m[it] = struct{}{}
	}
	return s
}

func (s *Set[T]) Has(v T) bool { _, ok := s.m[v]; return ok }

// Sorted 需要有序，Set 的 T 只保证 comparable，所以写成额外约束的顶层函数。
func Sorted[T cmp.Ordered](s *Set[T]) []T {
	out := make([]T, 0, len(s.m))
	for k := range s.m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func setOfKeys() {
	s := NewSet("kube-system", "default", "default")
	fmt.Println(s.Has("default"), s.Has("prod"), Sorted(s))
	// any 作为 comparable 的实参自 Go 1.20 起合法，但 == 可能在运行时 panic：
	// 接口里装着切片等不可比较的值时，map 赋值会 panic，而不是编译报错。
	anySet := NewSet[any](1, "a")
	fmt.Println(anySet.Has(1), anySet.Has("b"))
}

// --8<-- [end:comparable]

// --8<-- [start:selfref]
// Go 1.26 起，泛型类型可以在自己的类型参数列表里引用自己：
// “A 必须有一个接收 A、返回 A 的 Add 方法”。
type Adder[A Adder[A]] interface {
	Add(A) A
}

func SumAll[A Adder[A]](xs ...A) A {
	var total A
	for _, x := range xs {
		total = total.Add(x)
	}
	return total
}

type Quota struct{ CPU, MemMiB int }

func (q Quota) Add(o Quota) Quota { return Quota{q.CPU + o.CPU, q.MemMiB + o.MemMiB} }

func (q Quota) String() string {
	return strconv.Itoa(q.CPU) + "m/" + strconv.Itoa(q.MemMiB) + "Mi"
}

func selfReference() {
	fmt.Println(SumAll(Quota{500, 256}, Quota{250, 128}))
}

// --8<-- [end:selfref]

// --8<-- [start:method]
// Go 1.27：方法可以声明自己的类型参数 U。以前只能写成顶层函数 MapSet[T, U](s, f)。
// 注意 U 是方法自己的参数，T 的约束仍然是类型声明时的 comparable，不能在这里收紧。
func (s *Set[T]) Map[U comparable](f func(T) U) *Set[U] {
	out := NewSet[U]()
	for v := range s.m {
		out.m[f(v)] = struct{}{}
	}
	return out
}

func genericMethod() {
	ports := NewSet(80, 443, 8080)
	// U 由 f 的返回类型推断为 bool：这里得到“是否为特权端口”的集合。
	privileged := ports.Map(func(p int) bool { return p < 1024 })
	fmt.Println(privileged.Has(true), privileged.Has(false), len(privileged.m))
}

// --8<-- [end:method]

// Command iterdemo shows range-over-func iterators (Go 1.23): a push
// iterator over a linked list, what break does to it, iter.Seq2, the
// slices/maps helpers, and iter.Pull to walk two sequences in step.
// Its output is deterministic and compared with main.out.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

func main() {
	pushAndBreak()
	helpers()
	fmt.Println(Equal(slices.Values([]int{1, 2, 3}), slices.Values([]int{1, 2, 3})))
	fmt.Println(Equal(slices.Values([]int{1, 2}), slices.Values([]int{1, 2, 3})))
}

// --8<-- [start:push]
// List 是一个简单的单链表。
type List[T any] struct {
	head *node[T]
}

type node[T any] struct {
	val  T
	next *node[T]
}

func (l *List[T]) Push(v T) { l.head = &node[T]{v, l.head} }

// All 返回一个“推”式迭代器：它把每个元素交给 yield，
// yield 返回 false（循环体里 break/return）时必须立刻停止。
func (l *List[T]) All() iter.Seq[T] {
	return func(yield func(T) bool) {
		for n := l.head; n != nil; n = n.next {
			if !yield(n.val) {
				return
			}
		}
	}
}

// Indexed 是 iter.Seq2：一次交出两个值，用 for i, v := range 接收。
func (l *List[T]) Indexed() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		i := 0
		for v := range l.All() {
			if !yield(i, v) {
				return
			}
			i++
		}
	}
}

func pushAndBreak() {
	var l List[string]
	for _, s := range []string{"c", "b", "a"} {
		l.Push(s)
	}
	for v := range l.All() {
		if v == "b" {
			break // 编译器把 break 变成 yield 返回 false
		}
		fmt.Println("got", v)
	}
	for i, v := range l.Indexed() {
		fmt.Println(i, v)
	}
}

// --8<-- [end:push]

// --8<-- [start:helpers]
func helpers() {
	replicas := map[string]int{"web": 3, "api": 2, "db": 1}
	// maps.Keys 返回 iter.Seq[string]，顺序随机；slices.Sorted 收集并排序。
	fmt.Println(slices.Sorted(maps.Keys(replicas)))
	// slices.Collect 把任意 Seq 收集成切片；strings.SplitSeq（Go 1.24）不分配中间切片。
	fmt.Println(slices.Collect(strings.SplitSeq("a,b,c", ",")))
	// 迭代器可以组合：只保留副本数大于 1 的服务，再用 maps.Collect 收集成 map。
	busy := maps.Collect(filter2(maps.All(replicas), func(_ string, n int) bool { return n > 1 }))
	fmt.Println(busy) // fmt 打印 map 时按键排序，输出是确定的
}

// filter2 包装一个 Seq2，只把满足条件的元素交给下游。
func filter2[K, V any](seq iter.Seq2[K, V], keep func(K, V) bool) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for k, v := range seq {
			if keep(k, v) && !yield(k, v) {
				return
			}
		}
	}
}

// --8<-- [end:helpers]

// --8<-- [start:pull]
// Equal 需要“同时”推进两个序列，range 做不到，所以用 iter.Pull 把推式迭代器
// 转成拉式的 next/stop。stop 必须调用（这里用 defer），否则内部的协程不会释放。
func Equal[T comparable](a, b iter.Seq[T]) bool {
	nextA, stopA := iter.Pull(a)
	defer stopA()
	nextB, stopB := iter.Pull(b)
	defer stopB()
	for {
		va, okA := nextA()
		vb, okB := nextB()
		if okA != okB || va != vb {
			return false
		}
		if !okA {
			return true
		}
	}
}

// --8<-- [end:pull]

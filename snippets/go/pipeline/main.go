// Command pipeline walks through the channel rules an interviewer probes:
// the unbuffered hand-off, buffered capacity, receiving from a closed
// channel, nil channels in select, and a non-blocking send with default.
// Its output is deterministic and compared with main.out.
package main

import (
	"fmt"
	"slices"
)

func main() {
	handoff()
	buffered()
	closedReceive()
	fmt.Println("merged:", merge(gen(1, 3, 5), gen(2, 4)))
	trySend()
}

// handoff: an unbuffered send completes only when a receiver takes the value.
func handoff() {
	// --8<-- [start:handoff]
	jobs := make(chan int) // 无缓冲：每次发送都要等到接收者
	go func() {
		defer close(jobs) // 由发送方关闭；接收方的 range 循环随之结束
		for i := 1; i <= 3; i++ {
			jobs <- i
		}
	}()
	sum := 0
	for j := range jobs {
		sum += j
	}
	fmt.Println("sum:", sum)
	// --8<-- [end:handoff]
}

// buffered: sends succeed without a receiver until the buffer is full.
func buffered() {
	// --8<-- [start:buffered]
	ch := make(chan string, 2)
	ch <- "a" // 不会阻塞：缓冲区还有空位
	ch <- "b" // 缓冲区已满；第三次发送会阻塞
	fmt.Println("len/cap:", len(ch), cap(ch))
	close(ch) // 已在缓冲区中的值仍然可以接收
	for s := range ch {
		fmt.Println("got", s)
	}
	// --8<-- [end:buffered]
}

// closedReceive: a closed channel yields its zero value at once, ok=false.
func closedReceive() {
	// --8<-- [start:closed]
	done := make(chan struct{})
	close(done)
	v, ok := <-done // 从已关闭的 channel 接收永远不会阻塞
	fmt.Printf("closed: %v ok=%v\n", v, ok)
	// 在这里再次 close(done) 会 panic："close of closed channel"
	// --8<-- [end:closed]
}

// gen sends the given numbers and closes its channel.
func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

// --8<-- [start:merge]
// merge 把 a 和 b 读到关闭为止。nil channel 在 select 中永远不会就绪，所以把已结束的
// 输入设为 nil 就关掉了它的 case，而不是在已关闭 channel 不断返回的零值上
// 空转。
func merge(a, b <-chan int) []int {
	var got []int
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			got = append(got, v)
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			got = append(got, v)
		}
	}
	slices.Sort(got) // select 在多个就绪的 case 中随机选择；排序以得到稳定输出
	return got
}

// --8<-- [end:merge]

// trySend: select with default never blocks.
func trySend() {
	// --8<-- [start:trysend]
	ch := make(chan int, 1)
	for i := range 3 {
		select {
		case ch <- i:
			fmt.Println("sent", i)
		default: // 只有当前没有其他 case 就绪时才执行
			fmt.Println("full, dropped", i)
		}
	}
	// --8<-- [end:trysend]
}

package main

// --8<-- [start:escape]
type point struct{ x, y int }

// sumOnStack 里的 p 没有离开函数，编译器把它放在栈上：零次堆分配。
//
//go:noinline
func sumOnStack(n int) int {
	p := point{n, n}
	return p.x + p.y
}

// newPoint 返回局部变量的地址，p 的生命周期超过了函数，必须分配在堆上。
//
//go:noinline
func newPoint(n int) *point {
	p := point{n, n}
	return &p
}

// viaInterface 把结构体装进 any 再返回：接口的数据字要指向一份活过函数的
// 副本，所以这份副本分配在堆上。
//
//go:noinline
func viaInterface(n int) any {
	return point{n, n}
}

// --8<-- [end:escape]

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

// viaInterface 把值装进 any 传给不认识的函数：编译器无法证明它不被保留，
// 通常也会逃逸（小整数等特例除外）。
//
//go:noinline
func viaInterface(n int) any {
	return point{n, n}
}

// --8<-- [end:escape]

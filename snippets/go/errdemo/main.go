// Command errdemo shows error wrapping: sentinel errors, %w, errors.Is and
// errors.As, the generic errors.AsType (Go 1.26), errors.Join and several
// %w verbs in one fmt.Errorf (Go 1.20). Its output is compared with main.out.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

func main() {
	wrapping()
	asType()
	joined()
}

// --8<-- [start:wrap]
// ErrNotFound 是哨兵错误 (sentinel error)：调用方用 errors.Is 判断，而不是比较字符串。
var ErrNotFound = errors.New("not found")

// QuotaError 是自定义错误类型，携带调用方可能需要的字段。
type QuotaError struct {
	Namespace string
	Limit     int
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("namespace %s exceeds quota %d", e.Namespace, e.Limit)
}

func getPod(name string) error {
	// %w 包装原错误：消息里带上下文，错误链里保留 ErrNotFound。
	return fmt.Errorf("get pod %q: %w", name, ErrNotFound)
}

func wrapping() {
	err := fmt.Errorf("reconcile: %w", getPod("web-0"))
	fmt.Println(err)
	fmt.Println(err == ErrNotFound, errors.Is(err, ErrNotFound)) // == 只比较最外层
	// %v 不包装：消息相同，但错误链断了。
	flat := fmt.Errorf("reconcile: %v", getPod("web-0"))
	fmt.Println(errors.Is(flat, ErrNotFound))
}

// --8<-- [end:wrap]

// --8<-- [start:astype]
func asType() {
	err := fmt.Errorf("create pod: %w", &QuotaError{Namespace: "team-a", Limit: 10})

	// errors.As：先声明目标变量，再传它的地址。
	var qe *QuotaError
	if errors.As(err, &qe) {
		fmt.Println("As:", qe.Namespace, qe.Limit)
	}
	// errors.AsType（Go 1.26）：类型参数代替指针参数，作用域更小，也更快。
	if qe, ok := errors.AsType[*QuotaError](err); ok {
		fmt.Println("AsType:", qe.Namespace)
	}
	_, statErr := os.Stat("/no/such/file")
	if pe, ok := errors.AsType[*fs.PathError](statErr); ok {
		fmt.Println("PathError:", pe.Op, errors.Is(statErr, fs.ErrNotExist))
	}
}

// --8<-- [end:astype]

// --8<-- [start:join]
func joined() {
	// errors.Join 把多个错误合成一个，Error() 用换行连接，nil 会被忽略。
	err := errors.Join(ErrNotFound, nil, &QuotaError{"team-b", 5})
	fmt.Printf("%q\n", err.Error())
	_, isQuota := errors.AsType[*QuotaError](err)
	fmt.Println(errors.Is(err, ErrNotFound), isQuota)

	// 一个 fmt.Errorf 里可以有多个 %w，得到的错误实现 Unwrap() []error。
	both := fmt.Errorf("sync failed: %w; cleanup failed: %w", ErrNotFound, fs.ErrPermission)
	fmt.Println(errors.Is(both, fs.ErrPermission), errors.Unwrap(both) == nil)
}

// --8<-- [end:join]

// Command racedemo contains a data race on purpose. `go run -race ./racedemo`
// reports it (snippets/scripts/go-race.sh); without -race it usually prints a
// number below 2000, and sometimes 2000, which is why races hide in tests.
package main

import (
	"fmt"
	"sync"
)

func main() {
	// --8<-- [start:race]
	var wg sync.WaitGroup
	counter := 0
	for range 2 {
		wg.Go(func() {
			for range 1000 {
				counter++ // 两个 goroutine 都在做读-改-写，没有任何同步
			}
		})
	}
	wg.Wait()
	fmt.Println("counter:", counter)
	// --8<-- [end:race]
}

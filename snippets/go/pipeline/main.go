// Command pipeline shows an unbuffered channel handing work from a producer
// goroutine to a consumer, and close() telling the consumer there is no more.
package main

import "fmt"

func main() {
	// --8<-- [start:handoff]
	jobs := make(chan int)
	go func() {
		defer close(jobs) // the sender closes; the receiver's range loop then ends
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

package metrics

import (
	"runtime"
	"sync"
)

// parallelFor calls body on consecutive ranges covering [0, n), on up to
// every core when there are at least minPer items per range; small work
// runs inline, where goroutines would cost more than they save.
func parallelFor(n, minPer int, body func(lo, hi int)) {
	parts := min(runtime.GOMAXPROCS(0), n/max(1, minPer))
	if parts <= 1 {
		if n > 0 {
			body(0, n)
		}
		return
	}
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		lo, hi := n*p/parts, n*(p+1)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			body(lo, hi)
		}()
	}
	wg.Wait()
}

package eval

import (
	"context"
	"sync"
)

// runJobs calls job(0..n-1) on up to workers goroutines and returns when
// all started jobs are done; once ctx is cancelled no new job starts.
func runJobs(ctx context.Context, workers, n int, job func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(1, workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				job(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

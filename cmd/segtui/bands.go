package main

import (
	"fmt"
	"strconv"
	"strings"
)

// parseBands reads --bands: three band numbers from 1, comma separated,
// returned from 0.
func parseBands(s string) ([]int, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return nil, fmt.Errorf("--bands %q: expected three band numbers R,G,B from 1 (4,1,2 shows NIR as red)", s)
	}
	out := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 || n > 64 {
			return nil, fmt.Errorf("--bands %q: %q is not a band number from 1 to 64", s, p)
		}
		out[i] = n - 1
	}
	return out, nil
}

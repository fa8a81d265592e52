package jpeg2000

// Inverse wavelet transforms (T.800 Annex F) over one line of n samples
// whose first sample has absolute index i0: even indices hold low-pass,
// odd indices high-pass coefficients, extended symmetrically at the ends.

// idwt53 is the reversible 5/3 lifting on integers.
func idwt53(x []int32, i0 int) {
	n := len(x)
	if n == 1 {
		if i0&1 == 1 {
			x[0] /= 2
		}
		return
	}
	at := func(i int) int32 {
		if i < 0 {
			return x[-i]
		}
		if i >= n {
			return x[2*(n-1)-i]
		}
		return x[i]
	}
	first := i0 & 1 // index of the first low-pass sample
	for i := first; i < n; i += 2 {
		x[i] -= (at(i-1) + at(i+1) + 2) >> 2
	}
	for i := 1 - first; i < n; i += 2 {
		x[i] += (at(i-1) + at(i+1)) >> 1
	}
}

// Lifting constants of the 9/7 wavelet as OpenJPEG uses them: its step
// sizes leave out the bands' gain, so high-pass samples scale by 2/K.
const (
	k97    float32 = 1.230174104914001
	c13318 float32 = 1.625732422
	delta  float32 = -0.443506852
	gamma  float32 = -0.882911075
	beta   float32 = 0.052980118
	alpha  float32 = 1.586134342
)

// idwt97 is the irreversible 9/7 lifting in float32, in OpenJPEG's order
// of operations so lossy images decode to the values its users see.
func idwt97(x []float32, i0 int) {
	n := len(x)
	if n == 1 {
		return
	}
	first := i0 & 1
	for i := first; i < n; i += 2 {
		x[i] *= k97
	}
	for i := 1 - first; i < n; i += 2 {
		x[i] *= c13318
	}
	lift := func(start int, c float32) {
		for i := start; i < n; i += 2 {
			switch {
			case i == 0:
				x[i] = x[i] + x[1]*(c+c)
			case i == n-1:
				x[i] = x[i] + x[i-1]*(c+c)
			default:
				x[i] = x[i] + (x[i-1]+x[i+1])*c
			}
		}
	}
	lift(first, delta)
	lift(1-first, gamma)
	lift(first, beta)
	lift(1-first, alpha)
}

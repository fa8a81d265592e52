package datasets

// Stream conversion for readers in sub-packages (MetaImage), the same
// code the NIfTI and NRRD readers use.

// MaxDeflateRatio is the most a deflate stream can expand (1032:1): a
// header claiming more data than its compressed bytes can hold is refused
// before anything is allocated.
const MaxDeflateRatio = maxDeflateRatio

// StreamChunk is the size of the chunks readers convert at a time.
const StreamChunk = niftiChunk

// WidenChunk converts native-order values of stored type t in b to
// float32 in dst (len(b)/size of t values). b is reinterpreted in place,
// so it must be aligned for t: start it at the beginning of a make([]byte).
func WidenChunk(t DataType, b []byte, dst []float32) { widenChunk(t, b, dst, linearScale{}) }

// LabelChunk converts native-order values of stored type t in b to label
// ids in dst; it returns the index and value of the first voxel that is
// not a whole number in 0..65535, or -1.
func LabelChunk(t DataType, b []byte, dst []uint16) (int, float64) {
	return labelChunk(t, b, dst, linearScale{})
}

// SwapBytes reverses the byte order of each width-byte value in b.
func SwapBytes(b []byte, width int) { swapBytes(b, width) }

// HostBigEndian reports whether this machine stores values big-endian.
func HostBigEndian() bool { return hostBigEndian() }

package inflate

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	kflate "github.com/klauspost/compress/flate"
)

// samples are data with the structures deflate meets: real CT slices (16-bit
// words with noise), text, runs for distance 1 to 7 overlaps, random bytes
// (stored blocks), and the empty stream.
func samples(t testing.TB) map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 200_000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var runs []byte
	for d := 1; d <= 9; d++ {
		for k := 0; k < 3000; k++ {
			runs = append(runs, byte(k%d+'a'))
		}
		runs = append(runs, bytes.Repeat([]byte{byte(d)}, 700)...)
	}
	text := bytes.Repeat([]byte("the quick brown fox jumps over the lazy dog; "), 2000)
	s := map[string][]byte{"random": random, "runs": runs, "text": text, "empty": nil, "one": {42}}
	ct := filepath.Join("..", "..", "..", "..", "shared", "realdata", "dcmqi-ct3", "01.dcm")
	if b, err := os.ReadFile(ct); err == nil {
		s["ct"] = b
	} else {
		t.Logf("real CT absent (%v): testing without it", err)
	}
	return s
}

// compressors are independent encoders at the settings that change the
// stream's structure: Huffman-only, stored, fastest, default, best.
func compressors() map[string]func([]byte) []byte {
	std := func(level int) func([]byte) []byte {
		return func(b []byte) []byte {
			var z bytes.Buffer
			w, _ := flate.NewWriter(&z, level)
			w.Write(b)
			w.Close()
			return z.Bytes()
		}
	}
	kp := func(level int) func([]byte) []byte {
		return func(b []byte) []byte {
			var z bytes.Buffer
			w, _ := kflate.NewWriter(&z, level)
			w.Write(b)
			w.Close()
			return z.Bytes()
		}
	}
	return map[string]func([]byte) []byte{
		"std-huffman": std(flate.HuffmanOnly), "std-stored": std(flate.NoCompression), "std-1": std(1),
		"std-6": std(6), "std-9": std(9), "klauspost-1": kp(1), "klauspost-9": kp(9), "klauspost-huffman": kp(kflate.HuffmanOnly),
	}
}

func TestInflateMatchesEncoders(t *testing.T) {
	var d Decoder
	for name, data := range samples(t) {
		for cname, compress := range compressors() {
			z := compress(data)
			out := make([]byte, len(data))
			n, end, err := d.Inflate(z, out, 0)
			if err != nil || end != len(data) || n != len(z) || !bytes.Equal(out, data) {
				t.Fatalf("%s %s: consumed %d of %d, %d of %d bytes, %v", name, cname, n, len(z), end, len(data), err)
			}
			// One byte short: the output is full before the end.
			if len(data) > 0 {
				_, end, err = d.Inflate(z, out[:len(data)-1], 0)
				if !errors.Is(err, ErrShortBuffer) || end != len(data)-1 || !bytes.Equal(out[:end], data[:end]) {
					t.Fatalf("%s %s into a short buffer: %d bytes, %v", name, cname, end, err)
				}
			}
		}
	}
}

// TestGunzipMatchesGzipTools inflates what GNU gzip writes at -1 and -9
// and a file of several members (gzip and Go's writer concatenated),
// checking the CRC-32 and lengths it verifies catch damage.
func TestGunzipMatchesGzipTools(t *testing.T) {
	if _, err := exec.LookPath("gzip"); err != nil {
		t.Skip("gzip is not installed")
	}
	var d Decoder
	for name, data := range samples(t) {
		for _, level := range []string{"-1", "-9"} {
			cmd := exec.Command("gzip", level, "-c", "-n")
			cmd.Stdin = bytes.NewReader(data)
			z, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			var second bytes.Buffer
			w := gzip.NewWriter(&second)
			w.Name = "second.bin" // a header with FNAME
			w.Write(data[:len(data)/2])
			w.Close()
			multi := append(append([]byte(nil), z...), second.Bytes()...)
			want := append(append([]byte(nil), data...), data[:len(data)/2]...)
			out := make([]byte, len(want))
			if n, err := d.Gunzip(multi, out); err != nil || n != len(want) || !bytes.Equal(out, want) {
				t.Fatalf("%s gzip %s + Go member: %d bytes, %v", name, level, n, err)
			}
			if len(data) == 0 {
				continue
			}
			bad := append([]byte(nil), z...)
			bad[len(bad)-8] ^= 1 // the CRC
			if _, err := d.Gunzip(bad, out); err == nil || !bytes.Contains([]byte(err.Error()), []byte("CRC-32")) {
				t.Errorf("%s: a wrong CRC gave %v", name, err)
			}
			if _, err := d.Gunzip(z[:len(z)-3], out); err == nil {
				t.Errorf("%s: a cut trailer gave no error", name)
			}
		}
	}
}

// TestInflateRefusesDamage cuts and flips compressed CT at many places:
// every damaged stream gives an error or (a flip that still decodes) the
// same output as compress/flate, never a panic.
func TestInflateRefusesDamage(t *testing.T) {
	data := samples(t)["text"]
	z := compressors()["std-6"](data)
	var d Decoder
	out := make([]byte, len(data)+1000)
	for cut := 0; cut < len(z); cut += 1 + cut/8 {
		if _, _, err := d.Inflate(z[:cut], out, 0); err == nil {
			t.Fatalf("stream cut at %d of %d decoded without error", cut, len(z))
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		bad := append([]byte(nil), z...)
		bad[rng.IntN(len(bad))] ^= byte(1 << rng.IntN(8))
		compareWithStdlib(t, bad)
	}
}

// compareWithStdlib checks that Inflate and compress/flate agree on a
// stream: both fail, or both give the same bytes.
func compareWithStdlib(t *testing.T, z []byte) {
	t.Helper()
	want, werr := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), 1<<20))
	var d Decoder
	out := make([]byte, 1<<20)
	_, end, err := d.Inflate(z, out, 0)
	if werr != nil || err != nil {
		if (werr == nil) != (err == nil) && !(errors.Is(err, ErrShortBuffer) && len(want) == 1<<20) {
			t.Fatalf("compress/flate: %d bytes, %v; Inflate: %d bytes, %v", len(want), werr, end, err)
		}
		return
	}
	if !bytes.Equal(out[:end], want) {
		t.Fatalf("Inflate gave %d bytes, compress/flate %d, differing", end, len(want))
	}
}

func FuzzInflate(f *testing.F) {
	for _, data := range []string{"", "a", "abcabcabcabcabc", "the quick brown fox jumps over the lazy dog"} {
		for _, c := range compressors() {
			f.Add(c([]byte(data)))
		}
	}
	f.Fuzz(func(t *testing.T, z []byte) { compareWithStdlib(t, z) })
}

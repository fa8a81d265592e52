package npz

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestReadNPZRefusesSizesTheFileCannotHold: an entry's sizes are claims.
// A stored imgs.npy whose header asks for a 1000^3 array, in a 300-byte
// file claiming 4 GiB of stored data, made Read allocate a gigabyte before
// reading failed (found by FuzzReadNPZ); it is now refused first.
func TestReadNPZRefusesSizesTheFileCannotHold(t *testing.T) {
	var npy bytes.Buffer
	hdr := "{'descr': '|u1', 'fortran_order': False, 'shape': (1000, 1000, 1000), }"
	hdr += strings.Repeat(" ", 127-10-len(hdr)) + "\n"
	npy.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&npy, binary.LittleEndian, uint16(len(hdr)))
	npy.WriteString(hdr)
	npy.Write(make([]byte, 64))

	var archive bytes.Buffer
	zw := zip.NewWriter(&archive)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "imgs.npy", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(npy.Bytes())
	zw.Close()
	data := archive.Bytes()
	for _, sig := range []struct {
		magic string
		off   int // of the compressed and uncompressed sizes
	}{{"PK\x03\x04", 18}, {"PK\x01\x02", 20}} {
		i := bytes.Index(data, []byte(sig.magic))
		binary.LittleEndian.PutUint32(data[i+sig.off:], 0xfffff000)
		binary.LittleEndian.PutUint32(data[i+sig.off+4:], 0xfffff000)
	}
	path := filepath.Join(t.TempDir(), "claims.npz")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err = Read(path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "but the archive is") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want a refusal naming the file and its size", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("refusing a %d-byte file allocated %d MiB", len(data), got>>20)
	}
}

package sshlink

import (
	"bytes"
	"regexp"
	"strconv"
)

// Images counts the images sent in b: sixel DCS sequences (ESC P ... q)
// and kitty transmissions (a=T or a=t in the first chunk's controls).
func Images(b []byte) int {
	n := 0
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], 0x1b)
		if j < 0 || i+j+2 >= len(b) {
			return n
		}
		i += j + 1
		switch b[i] {
		case 'P':
			k := i + 1
			for k < len(b) && (b[k] >= '0' && b[k] <= '9' || b[k] == ';') {
				k++
			}
			if k < len(b) && b[k] == 'q' {
				n++
			}
		case '_':
			if b[i+1] == 'G' {
				end := bytes.IndexAny(b[i:], ";\x1b")
				if end > 0 {
					ctl := b[i+2 : i+end]
					if bytes.Contains(ctl, []byte("a=T")) || bytes.Contains(ctl, []byte("a=t")) {
						n++
					}
				}
			}
		}
	}
}

var slicePos = regexp.MustCompile(`(axial|coronal|sagittal) (\d+)/(\d+)`)

// LastSlice is the last "plane n/depth" the bytes show (the image pane's
// title), or "" with zeros if none.
func LastSlice(b []byte) (plane string, n, depth int) {
	all := slicePos.FindAllSubmatch(b, -1)
	if len(all) == 0 {
		return "", 0, 0
	}
	m := all[len(all)-1]
	n, _ = strconv.Atoi(string(m[2]))
	depth, _ = strconv.Atoi(string(m[3]))
	return string(m[1]), n, depth
}

// Join concatenates chunks' bytes.
func Join(cs []Chunk) []byte {
	var out []byte
	for _, c := range cs {
		out = append(out, c.B...)
	}
	return out
}

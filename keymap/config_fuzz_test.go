package keymap

import (
	"bytes"
	"testing"
)

// FuzzApply feeds mutated key configs to the parser: the key map it leaves
// is the defaults with whole lines applied, or an error naming a line;
// never a panic.
func FuzzApply(f *testing.F) {
	for _, s := range []string{
		"# action = key, key\npositive = space, i\nbox = B\n",
		"accept = enter\nundo =\n",
		"positive = space, enter\n",
		"left = h, left # arrows\nfast-left = H, shift+left\n",
		"class-1 = 1, !\nzoom-in = +, =\n",
		"\xef\xbb\xbfquit = q\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		km := Default()
		if err := km.Apply(bytes.NewReader(data), "fuzz.conf"); err != nil {
			return
		}
		for _, a := range km.Actions() {
			for _, k := range a.Binding.Keys() {
				if k == "" {
					t.Fatalf("action %s bound to an empty key", a.Name)
				}
			}
		}
	})
}

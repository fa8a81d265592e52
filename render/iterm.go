package render

import (
	"encoding/base64"
	"image"
	"strconv"
)

// ITerm encodes img as an iTerm2 inline image (OSC 1337 File=, PNG), sized
// to cols x rows cells when both are positive. WezTerm, mintty and Konsole
// also read it.
func ITerm(img image.Image, cols, rows int) ([]byte, error) {
	data, err := encodePNG(img)
	if err != nil {
		return nil, err
	}
	out := []byte("\x1b]1337;File=inline=1;size=" + strconv.Itoa(len(data)))
	if cols > 0 && rows > 0 {
		out = append(out, ";width="+strconv.Itoa(cols)+";height="+strconv.Itoa(rows)+";preserveAspectRatio=0"...)
	}
	out = append(out, ':')
	out = base64.StdEncoding.AppendEncode(out, data)
	return append(out, '\a'), nil
}

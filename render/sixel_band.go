package render

// SixelBand is the pixel rows one sixel line draws: terminals paint whole
// bands, so an image h rows high covers h rounded up to a multiple of it.
const SixelBand = 6

// SixelFitHeight is the tallest image height whose bands fit in maxH
// pixel rows: an image sized to it never paints the text row under its
// box (Konsole erases the cells a band touches; at 17 px cells, 44 rows
// are 748 px and a 748 px image would draw 750).
func SixelFitHeight(maxH int) int { return maxH - maxH%SixelBand }

// Package render turns a slice and its overlays into a frame (an
// *image.Paletted whose palette is built directly, so sixel never has to
// quantise), encodes frames for terminals (sixel, kitty, iTerm2, Unicode
// half blocks), places them inside a Bubble Tea v1 view and detects what
// the terminal supports. It depends only on datasets.
package render

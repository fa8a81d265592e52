package main

import "github.com/segtui/segtui/render"

// tmuxLine says how images get through tmux: its own sixel, passthrough
// to the outer terminal (asked through it), or not at all.
func tmuxLine(caps render.Capabilities) string {
	switch {
	case caps.TmuxSixel && caps.Protocol == render.ProtoSixel:
		return ", inside tmux (tmux draws sixel itself)"
	case caps.Passthrough && caps.Protocol != render.ProtoBlocks:
		return ", inside tmux (passthrough on: images wrapped for the outer terminal)"
	case caps.Passthrough:
		return ", inside tmux (passthrough on, but the outer terminal showed no image protocol)"
	}
	return ", inside tmux (passthrough off: images need `tmux set -g allow-passthrough on`)"
}

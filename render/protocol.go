package render

import "fmt"

// Protocol is how images reach the terminal.
type Protocol int

const (
	ProtoBlocks Protocol = iota // Unicode half blocks: works everywhere
	ProtoSixel
	ProtoKitty
	ProtoITerm
)

var protocolNames = [...]string{"blocks", "sixel", "kitty", "iterm"}

func (p Protocol) String() string {
	if p >= 0 && int(p) < len(protocolNames) {
		return protocolNames[p]
	}
	return fmt.Sprintf("protocol(%d)", int(p))
}

// ParseProtocol reads a --graphics value: sixel, kitty, iterm or blocks.
// ("auto" is the caller's: it means run Detect.)
func ParseProtocol(s string) (Protocol, error) {
	for i, n := range protocolNames {
		if s == n {
			return Protocol(i), nil
		}
	}
	return 0, fmt.Errorf("unknown graphics protocol %q, expected sixel, kitty, iterm or blocks", s)
}

package npz

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// pyLexer reads the small Python literal subset a .npy header uses:
// quoted strings, True/False, integers and tuples of integers.
type pyLexer struct {
	s   string
	pos int
}

func (p *pyLexer) skipSpace() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\n\r", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

// eat consumes c if it is the next non-space byte.
func (p *pyLexer) eat(c byte) bool {
	p.skipSpace()
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *pyLexer) str() (string, error) {
	p.skipSpace()
	if p.pos >= len(p.s) || (p.s[p.pos] != '\'' && p.s[p.pos] != '"') {
		return "", fmt.Errorf("expected a quoted string at offset %d", p.pos)
	}
	q := p.s[p.pos]
	end := strings.IndexByte(p.s[p.pos+1:], q)
	if end < 0 {
		return "", fmt.Errorf("unterminated string at offset %d", p.pos)
	}
	v := p.s[p.pos+1 : p.pos+1+end]
	p.pos += end + 2
	return v, nil
}

func (p *pyLexer) int() (int, error) {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	n, err := strconv.Atoi(p.s[start:p.pos])
	if err != nil || n > datasets.MaxVoxels {
		return 0, fmt.Errorf("expected a dimension between 0 and %d at offset %d, found %q", datasets.MaxVoxels, start, p.s[start:p.pos])
	}
	if p.pos < len(p.s) && p.s[p.pos] == 'L' { // Python 2 long suffix
		p.pos++
	}
	return n, nil
}

func (p *pyLexer) value() (any, error) {
	p.skipSpace()
	switch {
	case strings.HasPrefix(p.s[p.pos:], "True"):
		p.pos += 4
		return true, nil
	case strings.HasPrefix(p.s[p.pos:], "False"):
		p.pos += 5
		return false, nil
	case p.eat('('):
		shape := []int{}
		for !p.eat(')') {
			n, err := p.int()
			if err != nil {
				return nil, err
			}
			shape = append(shape, n)
			if !p.eat(',') {
				if !p.eat(')') {
					return nil, fmt.Errorf("expected ',' or ')' in shape at offset %d", p.pos)
				}
				break
			}
		}
		return shape, nil
	case p.pos < len(p.s) && (p.s[p.pos] == '\'' || p.s[p.pos] == '"'):
		return p.str()
	}
	return nil, fmt.Errorf("unsupported value at offset %d (structured dtypes are not supported)", p.pos)
}

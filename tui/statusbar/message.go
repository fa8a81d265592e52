package statusbar

import "github.com/segtui/segtui/tui/common"

// Message is the last message or error. With none, the root shows the
// focused pane's key hints (tui/help's hint line) in its place.
type Message struct {
	Text string
	Err  bool // Text is an error
}

// MessageView is the message line.
func (m Model) MessageView() string {
	style := m.st.Dim
	if m.msg.Err {
		style = m.st.Err
	}
	return common.FitBlock(" "+style.Render(m.msg.Text), m.w, 1)
}

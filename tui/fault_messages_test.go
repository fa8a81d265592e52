package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A save error is shown with its cause on the message line: the cause sits
// at the end of a long error ("save PATH: mkdir PATH: not a directory"),
// which a 200-rune cap and the terminal's width both cut off.
func TestSaveErrorShowsItsCause(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	file := filepath.Join(t.TempDir(), strings.Repeat("long-file-name-", 15)) // 225 bytes
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.OutDir = filepath.Join(file, "out")
	m := newTestModelCfg(t, cfg)
	press(m, "a", "s")
	line := stripANSI(lastLine(m))
	if !strings.Contains(line, "not a directory") {
		t.Fatalf("the message line does not say why the save failed:\n%q\n(message %q)", line, m.msg)
	}
	if !m.msgErr {
		t.Errorf("save error shown as a plain message: %q", m.msg)
	}
}

// Control characters are still stripped from error text, however long.
func TestErrorTextStrippedNotCut(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	long := strings.Repeat("x", 300)
	m.setErr(errorString("open \x1b]0;pwned\x07" + long + ": no space left on device"))
	if strings.ContainsRune(m.msg, 0x1b) || strings.ContainsRune(m.msg, 0x07) {
		t.Errorf("control characters reached the message: %q", m.msg)
	}
	if !strings.Contains(m.msg, "no space left on device") {
		t.Errorf("error cut before its cause: %q", m.msg)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
)

// Every line of the screen is exactly the terminal's width (no pane spills
// past the right edge), the right pane's border is the last cell, and
// FLARE22 names are shortened only when the terminal is narrow.
func TestLayoutFitsAndNamesShowInFull(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {160, 48}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := newTestModel(t, GraphicsBlocks, sz[0], sz[1])
			press(m, "a")
			lines := strings.Split(m.View(), "\n")
			if len(lines) != sz[1] {
				t.Fatalf("%d lines, want %d", len(lines), sz[1])
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != sz[0] {
					t.Errorf("line %d is %d cells wide, want %d: %q", i, w, sz[0], ansi.Strip(l))
				}
			}
			for i := 2; i < sz[1]-3; i++ {
				if !strings.HasSuffix(ansi.Strip(lines[i]), "│") {
					t.Errorf("line %d does not end with the class pane's border: %q", i, ansi.Strip(lines[i]))
				}
			}
			lay := m.layout()
			if lay.imageW < minImageW {
				t.Errorf("image pane %d cells wide, want at least %d", lay.imageW, minImageW)
			}
			screen := ansi.Strip(m.View())
			full := sz[0] >= 120
			for _, c := range datasets.FLARE22Classes().Classes {
				has := strings.Contains(screen, classLabel(c))
				if full && !has {
					t.Errorf("class %q is not shown in full", classLabel(c))
				}
			}
			if !full && !strings.Contains(screen, "inferior ve…") {
				t.Errorf("narrow screen should shorten long names with an ellipsis:\n%s", screen)
			}
			if !strings.Contains(screen, "1 liver") || !strings.Contains(screen, "0.9") {
				t.Errorf("no liver Dice after auto-prompt:\n%s", screen)
			}
		})
	}
}

// The browser is as wide as the longest case id needs (18 cells at least,
// 32 at most) and long ids are shortened with an ellipsis.
func TestLayoutBrowserWidthFollowsCaseIDs(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	if got := measureLayout(cfg).browserW; got != minBrowserW {
		t.Errorf("short ids: browser %d cells, want %d", got, minBrowserW)
	}
	cfg.Cases = append(cfg.Cases, CaseEntry{ID: "FLARE22_Tr_0001_0000_long"}) // 25 cells
	if got := measureLayout(cfg).browserW; got != 25+4 {
		t.Errorf("25-cell id: browser %d cells, want 29", got)
	}
	cfg.Cases = append(cfg.Cases, CaseEntry{ID: strings.Repeat("x", 80)})
	if got := measureLayout(cfg).browserW; got != maxBrowserW {
		t.Errorf("80-cell id: browser %d cells, want %d", got, maxBrowserW)
	}
}

// The review panel gets reviewW columns from 140 up (its failure details
// and list unshortened), whatever has focus; hiding it gives the room back
// to the image; at 100 columns the image keeps its minimum.
func TestLayoutReviewPanelWidth(t *testing.T) {
	res, path := reviewFixture(t, fixtureItems)
	for _, sz := range [][2]int{{100, 30}, {140, 40}, {160, 48}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := newTestModel(t, GraphicsBlocks, sz[0], sz[1])
			plain := m.layout()
			if err := m.StartReview(res, path); err != nil {
				t.Fatal(err)
			}
			lay := m.layout()
			if sz[0] >= 140 && lay.browserW != reviewW {
				t.Errorf("review panel %d cells wide, want %d", lay.browserW, reviewW)
			}
			if lay.imageW < minImageW || lay.browserW < plain.browserW {
				t.Errorf("review layout %+v (browser alone %+v)", lay, plain)
			}
			for i, l := range strings.Split(m.View(), "\n") {
				if w := ansi.StringWidth(l); w != sz[0] {
					t.Errorf("line %d is %d cells wide, want %d", i, w, sz[0])
				}
			}
			press(m, "tab")
			if got := m.layout(); got != lay {
				t.Errorf("focus change resized the panes: %+v -> %+v", lay, got)
			}
			m.review.SetVisible(false)
			if got := m.layout(); got != plain {
				t.Errorf("hidden review panel keeps its room: %+v, want %+v", got, plain)
			}
		})
	}
}

package tui

import "fmt"

// openDataset fills the browser from a dataset path.
func openDataset(cfg *Config, opts Options) error {
	return fmt.Errorf("opening %s: dataset readers are not wired into the TUI yet", opts.Path)
}

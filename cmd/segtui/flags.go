package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// newFlagSet builds a FlagSet whose errors go to stderr and whose usage
// names the command and its synopsis.
func newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args allowing flags after positional arguments
// (segtui info /data --json), and maps --help to exit 0 and bad flags to 2.
func parseFlags(fs *flag.FlagSet, args []string) (positional []string, code int, done bool) {
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, true
			}
			return nil, exitUsage, true
		}
		rest = fs.Args()
		if len(rest) == 0 {
			return positional, exitOK, false
		}
		positional = append(positional, rest[0])
		rest = rest[1:]
	}
}

// splitUsage describes --split for every command that takes it.
const splitUsage = "only the cases of this split list shipped with the data (e.g. test for 50_50/test.txt; segtui info lists them)"

// oneOf validates an enumerated flag value.
func oneOf(flagName, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return fmt.Errorf("--%s %q: expected one of %s", flagName, value, strings.Join(allowed, ", "))
}

// Errors quote paths and file contents, so they are stripped of control
// characters like every other file-derived text.
func usageError(w io.Writer, cmd string, err error) int {
	fmt.Fprintf(w, "%s: %s\n", commandName(cmd), datasets.SanitizeText(err.Error()))
	return exitUsage
}

func runtimeError(w io.Writer, cmd string, err error) int {
	fmt.Fprintf(w, "%s: %s\n", commandName(cmd), datasets.SanitizeText(err.Error()))
	return exitError
}

// commandName is "segtui" for the TUI itself, "segtui CMD" for subcommands.
func commandName(cmd string) string {
	if cmd == "" {
		return "segtui"
	}
	return "segtui " + cmd
}

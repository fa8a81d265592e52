// Package memlimit gives the Go runtime a soft memory limit from the
// memory the process may use: the lowest limit of its memory cgroup and
// the cgroup's ancestors (cgroup v2 memory.max, v1 memory.limit_in_bytes:
// what Slurm's --mem, Docker and systemd set), or else the machine's
// memory. Without one the collector lets the heap grow to twice what is
// live: an untiled evaluation of a 7200x6800 scene peaked at 12.4 GB with
// about 6 GB live, which a Slurm job with --mem=8G does not survive.
package memlimit

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
)

// Share is the part of the available memory the Go heap is held to; the
// rest is for ONNX Runtime's own allocations, the stacks and the page
// cache the process dirties.
const Share = 0.75

// unlimited is at or above what cgroup v1 reports for no limit
// (9223372036854771712, the largest page multiple).
const unlimited = int64(1) << 62

// Set applies Share of Available's memory as the soft limit unless the
// user set GOMEMLIMIT, and says what it did.
func Set() string {
	if v := os.Getenv("GOMEMLIMIT"); v != "" {
		return "GOMEMLIMIT=" + v + " (set by the user)"
	}
	avail, from := Available("/proc/self/cgroup", "/sys/fs/cgroup", "/proc/meminfo")
	if avail <= 0 {
		return "none: " + from
	}
	limit := int64(float64(avail) * Share)
	debug.SetMemoryLimit(limit)
	return fmt.Sprintf("%s (%.0f%% of %s, %s)", gb(limit), Share*100, gb(avail), from)
}

func gb(n int64) string { return fmt.Sprintf("%.1f GB", float64(n)/1e9) }

// Available is the memory the process may use and where that figure
// comes from: the cgroup limit when one is set and below the machine's
// memory, else the machine's memory (MemTotal).
func Available(procCgroup, cgroupRoot, meminfo string) (int64, string) {
	total, err := memTotal(meminfo)
	if err != nil {
		return 0, err.Error()
	}
	limit, file := cgroupLimit(procCgroup, cgroupRoot)
	if limit > 0 && limit < total {
		return limit, "cgroup limit " + file
	}
	return total, "machine memory " + meminfo
}

func memTotal(meminfo string) (int64, error) {
	f, err := os.Open(meminfo)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && fields[0] == "MemTotal:" && fields[2] == "kB" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil || kb <= 0 {
				return 0, fmt.Errorf("%s: MemTotal %q is not a positive number of kB", meminfo, fields[1])
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("%s: no MemTotal line", meminfo)
}

// cgroupLimit is the lowest memory limit on the process's cgroup path
// (0: none) and the file that set it. It reads the v2 hierarchy
// ("0::/path") and the v1 memory controller ("N:...memory...:/path");
// files it cannot read count as no limit.
func cgroupLimit(procCgroup, root string) (int64, string) {
	b, err := os.ReadFile(procCgroup)
	if err != nil {
		return 0, ""
	}
	best, from := int64(0), ""
	consider := func(file string) {
		raw, err := os.ReadFile(file)
		if err != nil {
			return
		}
		s := strings.TrimSpace(string(raw))
		if s == "max" {
			return
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 || n >= unlimited {
			return
		}
		if best == 0 || n < best {
			best, from = n, file
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var dir, name string
		switch {
		case parts[0] == "0" && parts[1] == "":
			dir, name = root, "memory.max"
			if _, err := os.Stat(filepath.Join(root, "unified")); err == nil {
				dir = filepath.Join(root, "unified") // hybrid: v2 beside v1
			}
		case hasController(parts[1], "memory"):
			dir, name = filepath.Join(root, "memory"), "memory.limit_in_bytes"
		default:
			continue
		}
		// The limit that applies is the lowest on the way up.
		for p := filepath.Clean("/" + parts[2]); ; p = filepath.Dir(p) {
			consider(filepath.Join(dir, p, name))
			if p == "/" {
				break
			}
		}
	}
	return best, from
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

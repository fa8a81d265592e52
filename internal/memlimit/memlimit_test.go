package memlimit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Files laid out as the kernel shows them: the lowest limit on the way up
// the cgroup path wins, "max" and v1's huge value are no limit, and the
// machine's memory caps a cgroup limit above it.
func TestAvailableFromCgroupFiles(t *testing.T) {
	dir := t.TempDir()
	meminfo := filepath.Join(dir, "meminfo")
	write(t, meminfo, "MemTotal:        8388608 kB\nMemFree:         1 kB\n")
	const gib = int64(1) << 30
	for _, c := range []struct {
		name, cgroup string
		files        map[string]string
		want         int64
		from         string
	}{
		{"v2 parent limit", "0::/slurm/job_7/step_0\n", map[string]string{
			"slurm/job_7/step_0/memory.max": "max\n", "slurm/job_7/memory.max": "3221225472\n", "slurm/memory.max": "max\n"},
			3 * gib, "cgroup limit "},
		{"v2 none", "0::/user.slice\n", map[string]string{"user.slice/memory.max": "max\n"}, 8 * gib, "machine memory "},
		{"v1 unlimited", "4:memory:/docker/abc\n1:cpu:/\n", map[string]string{
			"memory/docker/abc/memory.limit_in_bytes": "9223372036854771712\n"}, 8 * gib, "machine memory "},
		{"v1 limit", "9:cpuacct,memory:/job\n", map[string]string{
			"memory/job/memory.limit_in_bytes": "2147483648\n", "memory/memory.limit_in_bytes": "9223372036854771712\n"}, 2 * gib, "cgroup limit "},
		{"limit above the machine", "0::/big\n", map[string]string{"big/memory.max": "68719476736\n"}, 8 * gib, "machine memory "},
		{"garbage", "0::/x\n", map[string]string{"x/memory.max": "lots\n"}, 8 * gib, "machine memory "},
	} {
		root := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_"))
		write(t, filepath.Join(root, "proc_cgroup"), c.cgroup)
		for f, v := range c.files {
			write(t, filepath.Join(root, "fs", f), v)
		}
		got, from := Available(filepath.Join(root, "proc_cgroup"), filepath.Join(root, "fs"), meminfo)
		if got != c.want || !strings.HasPrefix(from, c.from) {
			t.Errorf("%s: %d from %q, want %d from %s...", c.name, got, from, c.want, c.from)
		}
	}
	write(t, meminfo, "MemFree: 1 kB\n")
	if n, from := Available("/nonexistent", dir, meminfo); n != 0 || !strings.Contains(from, "no MemTotal line") {
		t.Errorf("no MemTotal: %d, %q", n, from)
	}
}

// The child half of TestRealCgroupLimit: it prints what it finds, from
// inside the cgroup the parent made.
func TestPrintAvailableInChild(t *testing.T) {
	if os.Getenv("SEGTUI_MEMLIMIT_CHILD") == "" {
		t.Skip("run by TestRealCgroupLimit inside a cgroup")
	}
	n, from := Available("/proc/self/cgroup", "/sys/fs/cgroup", "/proc/meminfo")
	note := Set()
	fmt.Printf("AVAILABLE %d %s\nSET %d %s\n", n, from, debug.SetMemoryLimit(-1), note)
}

// A real memory cgroup (v1, as this machine has, or v2) with a 3 GiB
// limit, the test binary started inside it: Available reads the limit and
// Set holds the Go heap to Share of it.
func TestRealCgroupLimit(t *testing.T) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		t.Skipf("no /proc/self/cgroup: %v", err)
	}
	var parent, procs, limitFile string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) == 3 && hasController(parts[1], "memory") {
			parent, procs, limitFile = filepath.Join("/sys/fs/cgroup/memory", parts[2]), "cgroup.procs", "memory.limit_in_bytes"
		}
	}
	if parent == "" {
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if strings.HasPrefix(line, "0::") {
				parent, procs, limitFile = filepath.Join("/sys/fs/cgroup", line[3:]), "cgroup.procs", "memory.max"
			}
		}
	}
	cg := filepath.Join(parent, fmt.Sprintf("segtui-memlimit-%d", os.Getpid()))
	if err := os.Mkdir(cg, 0o755); err != nil {
		t.Skipf("cannot make a memory cgroup here (needs root and a writable cgroup tree): %v", err)
	}
	defer os.Remove(cg)
	const limit = int64(3) << 30
	if err := os.WriteFile(filepath.Join(cg, limitFile), []byte(strconv.FormatInt(limit, 10)), 0o644); err != nil {
		t.Skipf("cannot set the cgroup's memory limit: %v", err)
	}
	cmd := exec.Command("sh", "-c", `echo $$ > "$1" && exec "$2" -test.run '^TestPrintAvailableInChild$' -test.v`, "sh", filepath.Join(cg, procs), os.Args[0])
	cmd.Env = append(os.Environ(), "SEGTUI_MEMLIMIT_CHILD=1", "GOMEMLIMIT=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var avail, set int64
	for _, line := range strings.Split(string(out), "\n") {
		fmt.Sscanf(line, "AVAILABLE %d", &avail)
		fmt.Sscanf(line, "SET %d", &set)
	}
	if avail != limit || !strings.Contains(string(out), "cgroup limit "+filepath.Join(cg, limitFile)) {
		t.Errorf("inside a %d-byte cgroup Available said %d:\n%s", limit, avail, out)
	}
	if want := int64(float64(limit) * Share); set != want {
		t.Errorf("soft limit %d, want %d (%.0f%% of the cgroup's)\n%s", set, want, Share*100, out)
	}
}

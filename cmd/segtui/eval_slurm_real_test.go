package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/segtui/segtui/datasets/phantom"
)

// slurmCluster is a one-node Slurm started by a test: munged, slurmctld and
// slurmd as child processes on this machine, with a generated
// configuration and no cgroups (proctrack/linuxproc, task/none).
type slurmCluster struct {
	dir  string
	conf string
	env  []string
	logs string
}

// startSlurm starts the cluster or skips the test saying why it cannot.
func startSlurm(t *testing.T) *slurmCluster {
	t.Helper()
	for _, bin := range []string{"munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed (Debian: apt-get install slurm-wlm munge): %v", bin, err)
		}
	}
	// Short paths: munge's socket path must fit a sockaddr_un.
	dir, err := os.MkdirTemp("", "slurm")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c := &slurmCluster{dir: dir, conf: filepath.Join(dir, "slurm.conf"), logs: filepath.Join(dir, "log")}
	for _, d := range []string{"key", "sock", "state", "spool", "log"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(filepath.Join(dir, "key"), 0o700)
	key := make([]byte, 1024)
	rand.Read(key)
	if err := os.WriteFile(filepath.Join(dir, "key", "munge.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock", "munge.sock")
	c.daemon(t, "munged", "-F", "-f", "--socket="+sock, "--key-file="+filepath.Join(dir, "key", "munge.key"),
		"--log-file="+filepath.Join(c.logs, "munged.log"), "--pid-file="+filepath.Join(dir, "sock", "munged.pid"),
		"--seed-file="+filepath.Join(dir, "key", "seed"))
	waitFor(t, 10*time.Second, func() bool { _, err := os.Stat(sock); return err == nil }, func() string {
		return "munged did not create its socket: " + c.tail("munged.log", "munged.out")
	})
	host, _ := os.Hostname()
	host, _, _ = strings.Cut(host, ".")
	conf := fmt.Sprintf(`ClusterName=segtuitest
SlurmctldHost=%[1]s(127.0.0.1)
SlurmUser=%[2]s
SlurmctldPort=%[3]d
SlurmdPort=%[4]d
AuthType=auth/munge
AuthInfo=socket=%[5]s
CredType=cred/munge
StateSaveLocation=%[6]s/state
SlurmdSpoolDir=%[6]s/spool
SlurmctldPidFile=%[6]s/slurmctld.pid
SlurmdPidFile=%[6]s/slurmd.pid
SlurmctldLogFile=%[6]s/log/slurmctld.log
SlurmdLogFile=%[6]s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=%[1]s NodeAddr=127.0.0.1 CPUs=%[7]d State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`, host, currentUser(), freePort(t), freePort(t), sock, dir, runtime.NumCPU())
	if err := os.WriteFile(c.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	c.env = append(os.Environ(), "SLURM_CONF="+c.conf)
	c.daemon(t, "slurmctld", "-D", "-i", "-f", c.conf)
	c.daemon(t, "slurmd", "-D", "-f", c.conf, "-N", host)
	waitFor(t, 30*time.Second, func() bool {
		out, _ := c.run("sinfo", "-h", "-o", "%t")
		return strings.TrimSpace(out) == "idle"
	}, func() string {
		out, _ := c.run("sinfo")
		return "the node did not come up idle:\n" + out + c.tail("slurmctld.log", "slurmd.log", "slurmctld.out", "slurmd.out")
	})
	return c
}

// daemon starts a daemon in the foreground as a child that the test kills
// and reaps at its end.
func (c *slurmCluster) daemon(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = c.env
	log, err := os.Create(filepath.Join(c.logs, name+".out"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Skipf("%s cannot start here: %v", name, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		log.Close()
	})
}

func (c *slurmCluster) run(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// tail returns the ends of the named logs, for failure messages.
func (c *slurmCluster) tail(names ...string) string {
	var b strings.Builder
	for _, n := range names {
		data, _ := os.ReadFile(filepath.Join(c.logs, n))
		if len(data) > 2000 {
			data = data[len(data)-2000:]
		}
		fmt.Fprintf(&b, "\n--- %s\n%s", n, data)
	}
	return b.String()
}

// waitFor polls ok until it holds, or skips the test (the daemons could
// not be brought up here) with why's message.
func waitFor(t *testing.T, limit time.Duration, ok func() bool, why func() string) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Skipf("a one-node Slurm cannot start here: %s", why())
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "root"
}

// TestEvalSlurmArrayJob is the Slurm route end to end on a real one-node
// cluster: segtui eval --slurm prints the array job for the demo data with
// the built-in engine and a fixture variant, sbatch runs its shards and
// then the merge that shard 1 submitted, and the merged report (tables,
// JSON, chart) equals one unsharded run's but for the timings. It runs
// with make test-slurm (SEGTUI_TEST_SLURM=1): it takes minutes.
func TestEvalSlurmArrayJob(t *testing.T) {
	if os.Getenv("SEGTUI_TEST_SLURM") == "" {
		t.Skip("the real Slurm test runs with make test-slurm (SEGTUI_TEST_SLURM=1)")
	}
	lib, err := filepath.Abs("../../lib/libonnxruntime.so.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lib); err != nil {
		t.Skipf("%s is absent: run make lib first (%v)", lib, err)
	}
	work := t.TempDir()
	bin := filepath.Join(work, "segtui")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(work, "data")
	if _, _, err := phantom.Write(data, phantom.DefaultSeed); err != nil {
		t.Fatal(err)
	}
	models, _ := filepath.Abs("../../engine/testdata/models/models.yaml")
	flags := []string{"--models", models, "--model", "builtin", "--model", "sam-fixture", "--ort-lib", lib, "--device", "cpu"}
	c := startSlurm(t)

	out := filepath.Join(work, "sharded")
	args := append([]string{"eval", "--slurm", "--shards", "2", "--slurm-time", "30", "--out", out, "--plot", filepath.Join(out, "dice.png")}, flags...)
	script, err := exec.Command(bin, append(args, data)...).Output()
	if err != nil {
		t.Fatalf("segtui eval --slurm: %v", err)
	}
	for _, want := range []string{"#SBATCH --array=1-2", "#SBATCH --time=30", "--dependency=afterok:", "--shard=\"$SLURM_ARRAY_TASK_ID/2\""} {
		if !bytes.Contains(script, []byte(want)) {
			t.Fatalf("the job lacks %q:\n%s", want, script)
		}
	}
	if bytes.Contains(script, []byte("--gres")) {
		t.Errorf("--device cpu asks for no GPU, but the job does:\n%s", script)
	}
	job := filepath.Join(work, "job.sbatch")
	if err := os.WriteFile(job, script, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if msg, err := c.run("sbatch", job); err != nil {
		t.Fatalf("sbatch: %v: %s", err, msg)
	}
	// Done when the queue is empty: the array, then the merge it submitted.
	deadline := time.Now().Add(15 * time.Minute)
	for {
		q, err := c.run("squeue", "-h", "-o", "%i %j %T %r")
		if err != nil {
			t.Fatalf("squeue: %v: %s", err, q)
		}
		if strings.TrimSpace(q) == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job did not finish in 15 minutes; queue:\n%s%s", q, c.tail("slurmctld.log", "slurmd.log"))
		}
		time.Sleep(2 * time.Second)
	}
	t.Logf("array job and merge: %s", time.Since(start).Round(time.Second))
	jobLogs, _ := filepath.Glob(filepath.Join(out, "slurm-*.out"))
	var logs strings.Builder
	for _, l := range jobLogs {
		b, _ := os.ReadFile(l)
		fmt.Fprintf(&logs, "\n--- %s\n%s", filepath.Base(l), b)
	}
	if len(jobLogs) != 3 {
		t.Fatalf("%d job logs, want two shards and the merge:%s", len(jobLogs), logs.String())
	}
	if _, err := os.Stat(filepath.Join(out, "results.json")); err != nil {
		t.Fatalf("no merged results.json: %v%s", err, logs.String())
	}
	status, err := exec.Command(bin, "eval", "status", out).Output()
	if err != nil || !regexp.MustCompile(`(?m)^all\s+2/2\s+done`).Match(status) {
		t.Errorf("eval status after the job: %v\n%s", err, status)
	}

	single := filepath.Join(work, "single")
	args = append([]string{"eval", "--out", single, "--plot", filepath.Join(single, "dice.png")}, flags...)
	if msg, err := exec.Command(bin, append(args, data)...).CombinedOutput(); err != nil {
		t.Fatalf("single run: %v\n%s", err, msg)
	}
	for _, name := range []string{"results.json", "results.md", "results.csv", "results_nsd.csv", "dice.png"} {
		a, err := os.ReadFile(filepath.Join(single, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(withoutTimings(t, name, a), withoutTimings(t, name, b)) {
			t.Errorf("the merged %s differs from one run's", name)
		}
	}
}

// withoutTimings blanks the clock-dependent parts of a report file: the
// "seconds" and "slices_per_second" values and the slices/s lines.
func withoutTimings(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	switch filepath.Ext(name) {
	case ".json":
		b = regexp.MustCompile(`"seconds": [0-9.e+-]+`).ReplaceAll(b, []byte(`"seconds": 0`))
		return regexp.MustCompile(`(?s)"slices_per_second": \{.*?\}`).ReplaceAll(b, []byte(`"slices_per_second": {}`))
	case ".md", ".csv":
		return regexp.MustCompile(`(?m)^.*slices/s\n`).ReplaceAll(b, nil)
	}
	return b
}

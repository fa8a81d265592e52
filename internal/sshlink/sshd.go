package sshlink

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// SSHD is a real OpenSSH server on a loopback port, with its own host key
// and one authorised client key, run as a child of the test.
type SSHD struct {
	Dir     string // keys, config, log
	Port    int
	User    string
	KeyFile string // the client's private key
	cmd     *exec.Cmd
}

// SSHDPath is Debian's openssh-server binary.
const SSHDPath = "/usr/sbin/sshd"

// StartSSHD generates keys in dir, writes a config that allows only that
// key from loopback, and starts sshd in the foreground on a free port.
func StartSSHD(dir string) (*SSHD, error) {
	for _, bin := range []string{SSHDPath, "ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(bin); err != nil {
			return nil, fmt.Errorf("%s not found: install openssh-server and openssh-client", bin)
		}
	}
	s := &SSHD{Dir: dir, KeyFile: filepath.Join(dir, "client_ed25519")}
	host := filepath.Join(dir, "host_ed25519")
	for _, k := range []string{host, s.KeyFile} {
		out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("ssh-keygen %s: %v: %s", k, err, out)
		}
	}
	pub, err := os.ReadFile(s.KeyFile + ".pub")
	if err != nil {
		return nil, err
	}
	auth := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(auth, pub, 0o600); err != nil {
		return nil, err
	}
	u := os.Getenv("USER")
	if u == "" {
		u = "root"
		if os.Geteuid() != 0 {
			return nil, fmt.Errorf("sshd: $USER is unset and not running as root")
		}
	}
	s.User = u
	if s.Port, err = freePort(); err != nil {
		return nil, err
	}
	conf := filepath.Join(dir, "sshd_config")
	cfg := strings.Join([]string{
		"Port " + strconv.Itoa(s.Port),
		"ListenAddress 127.0.0.1",
		"HostKey " + host,
		"PidFile " + filepath.Join(dir, "sshd.pid"),
		"AuthorizedKeysFile " + auth,
		"PermitRootLogin prohibit-password",
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"UsePAM no",
		"StrictModes no",
		"PrintMotd no",
		"PermitUserEnvironment no",
		"LogLevel ERROR",
	}, "\n") + "\n"
	if err := os.WriteFile(conf, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	// Privilege separation needs its empty folder when run as root.
	if os.Geteuid() == 0 {
		_ = os.MkdirAll("/run/sshd", 0o755)
	}
	s.cmd = exec.Command(SSHDPath, "-D", "-e", "-f", conf)
	logf, err := os.Create(filepath.Join(dir, "sshd.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start sshd: %w", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.Addr(), time.Second)
		if err == nil {
			c.Close()
			return s, nil
		}
		if time.Now().After(deadline) || s.cmd.ProcessState != nil {
			s.Stop()
			return nil, fmt.Errorf("sshd on port %d did not start: %s", s.Port, s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Addr is the server's host:port.
func (s *SSHD) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.Port) }

// Log is what sshd printed.
func (s *SSHD) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "sshd.log"))
	return string(b)
}

// Stop ends the server.
func (s *SSHD) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_, _ = s.cmd.Process.Wait()
	}
}

// SSHArgs is the ssh command line that runs remote on this server through
// port (a relay's), with a forced TTY and no host key bookkeeping.
func (s *SSHD) SSHArgs(port int, remote string) []string {
	return []string{"ssh", "-tt", "-p", strconv.Itoa(port), "-i", s.KeyFile,
		"-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=0",
		"-F", "/dev/null", s.User + "@127.0.0.1", remote}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

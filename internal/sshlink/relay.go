// Package sshlink is a test rig for segtui over SSH: a loopback relay that
// shapes a link (throughput and delay), a real sshd started on a loopback
// port with generated keys, and a client-side terminal on a PTY that
// answers the terminal queries a sixel xterm or kitty would and records
// every byte it receives with a timestamp.
package sshlink

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Link is a shaped link: Mbit is the throughput each way (0: unlimited)
// and RTT the round trip, half of it added each way.
type Link struct {
	Name string
	Mbit float64
	RTT  time.Duration
}

// Unlimited is plain loopback.
var Unlimited = Link{Name: "unlimited"}

// bottleneckQueue is how much sending time the shaper buffers before it
// stops reading, so a sender that outruns the link feels TCP backpressure
// as it would behind a router's queue.
const bottleneckQueue = 50 * time.Millisecond

// chunkSize bounds one read so pacing is smooth at low rates.
const chunkSize = 4096

// Relay accepts on a loopback port and forwards each connection to target
// through the shaped link. It stops by itself after its lifetime.
type Relay struct {
	ln     net.Listener
	target string
	link   Link
	down   atomic.Int64 // bytes target -> client
	up     atomic.Int64 // bytes client -> target
	mu     sync.Mutex
	conns  []net.Conn
	closed bool
	timer  *time.Timer
}

// StartRelay listens on 127.0.0.1 and forwards to target (a loopback
// address only) for at most life.
func StartRelay(target string, link Link, life time.Duration) (*Relay, error) {
	host, _, err := net.SplitHostPort(target)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		return nil, fmt.Errorf("relay target %q: expected a loopback host:port", target)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("relay: listen on loopback: %w", err)
	}
	r := &Relay{ln: ln, target: target, link: link}
	r.timer = time.AfterFunc(life, r.Close)
	go r.accept()
	return r, nil
}

// Addr is the host:port clients connect to.
func (r *Relay) Addr() string { return r.ln.Addr().String() }

// Port is the listening port.
func (r *Relay) Port() int { return r.ln.Addr().(*net.TCPAddr).Port }

// Down is the bytes delivered from the server to the client so far.
func (r *Relay) Down() int64 { return r.down.Load() }

// Up is the bytes delivered from the client to the server so far.
func (r *Relay) Up() int64 { return r.up.Load() }

// Close stops listening and drops every connection, as a dead link would.
func (r *Relay) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.closed = true
	r.timer.Stop()
	r.ln.Close()
	for _, c := range r.conns {
		c.Close()
	}
}

func (r *Relay) track(c net.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		c.Close()
		return false
	}
	r.conns = append(r.conns, c)
	return true
}

func (r *Relay) accept() {
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		if !r.track(c) {
			return
		}
		go func() {
			s, err := net.Dial("tcp", r.target)
			if err != nil {
				c.Close()
				return
			}
			if !r.track(s) {
				c.Close()
				return
			}
			go r.pipe(s, c, &r.down)
			go r.pipe(c, s, &r.up)
		}()
	}
}

type packet struct {
	data []byte
	due  time.Time
}

// pipe carries src to dst: each chunk leaves the bottleneck when the ones
// before it have (throughput) and arrives half an RTT later (delay).
func (r *Relay) pipe(src, dst net.Conn, count *atomic.Int64) {
	defer src.Close()
	defer dst.Close()
	q := make(chan packet, 4096)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for p := range q {
			if d := time.Until(p.due); d > 0 {
				time.Sleep(d)
			}
			if _, err := dst.Write(p.data); err != nil {
				src.Close()
				for range q {
				}
				return
			}
			count.Add(int64(len(p.data)))
		}
	}()
	var free time.Time // when the bottleneck is free again
	for {
		buf := make([]byte, chunkSize)
		n, err := src.Read(buf)
		if n > 0 {
			now := time.Now()
			left := now
			if free.After(now) {
				left = free
			}
			if r.link.Mbit > 0 {
				left = left.Add(time.Duration(float64(n*8) / (r.link.Mbit * 1e6) * float64(time.Second)))
			}
			free = left
			q <- packet{buf[:n], left.Add(r.link.RTT / 2)}
			// A full bottleneck queue stops reading: backpressure.
			if wait := time.Until(free) - bottleneckQueue; wait > 0 {
				time.Sleep(wait)
			}
		}
		if err != nil { // EOF or a dropped link end the same way
			break
		}
	}
	close(q)
	<-done
}

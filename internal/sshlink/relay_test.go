package sshlink

import (
	"io"
	"net"
	"testing"
	"time"
)

// TestRelayShapes sends 256 KB through a 10 Mbit/s, 60 ms link: it cannot
// arrive sooner than the bytes take to cross plus half the round trip,
// and arrives whole and in order.
func TestRelayShapes(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const size = 256 << 10
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		got <- b
	}()
	r, err := StartRelay(ln.Addr().String(), Link{Mbit: 10, RTT: 60 * time.Millisecond}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, err := net.Dial("tcp", r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i * 7)
	}
	start := time.Now()
	if _, err := c.Write(data); err != nil {
		t.Fatal(err)
	}
	c.Close()
	b := <-got
	took := time.Since(start)
	if len(b) != size {
		t.Fatalf("relay delivered %d bytes, want %d", len(b), size)
	}
	for i := range b {
		if b[i] != data[i] {
			t.Fatalf("byte %d differs", i)
		}
	}
	least := time.Duration(float64(size*8)/10e6*float64(time.Second)) + 30*time.Millisecond
	if took < least {
		t.Fatalf("256 KB crossed a 10 Mbit/s, 60 ms link in %s; it cannot take less than %s", took, least)
	}
	if r.Up() != size {
		t.Fatalf("relay counted %d bytes up, want %d", r.Up(), size)
	}
}

// TestRelayRefusesOtherHosts keeps the relay on loopback.
func TestRelayRefusesOtherHosts(t *testing.T) {
	if _, err := StartRelay("192.0.2.1:22", Unlimited, time.Second); err == nil {
		t.Fatal("relay accepted a non-loopback target")
	}
}

func TestImagesCounts(t *testing.T) {
	b := []byte("x\x1bP0;0;8q\"1;1;10;10#0~\x1b\\y\x1b_Ga=T,i=1,m=1;AAAA\x1b\\\x1b_Gm=0;AA\x1b\\\x1b_Ga=p,i=1\x1b\\")
	if n := Images(b); n != 2 {
		t.Fatalf("Images = %d, want 2 (one sixel, one kitty transmission)", n)
	}
	if p, n, d := LastSlice([]byte("axial 3/60 ... coronal 12/80")); p != "coronal" || n != 12 || d != 80 {
		t.Fatalf("LastSlice = %s %d", p, n)
	}
}

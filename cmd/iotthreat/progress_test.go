package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Progress is drawn only on a terminal: a pipe, a file or a buffer (what
// CI and the script tests give) gets nothing at all.
func TestProgressQuietUnlessTerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	if p.enabled || p.reporter("analyzing", thousands) != nil {
		t.Fatal("progress enabled on a buffer")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if newProgress(f).enabled {
		t.Fatal("progress enabled on a regular file")
	}
	p.clear()
	if buf.Len() != 0 {
		t.Fatalf("quiet progress wrote %q", buf.String())
	}
}

// On a terminal the line is redrawn at most ten times a second and erased
// at the end.
func TestProgressOnTerminal(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	p := &progressLine{w: &buf, enabled: true, now: func() time.Time { return clock }}
	report := p.reporter("analyzing", thousands)
	report(0, 160000)
	clock = clock.Add(10 * time.Millisecond)
	report(1000, 160000) // too soon: dropped
	clock = clock.Add(progressInterval)
	report(52000, 160000)
	p.clear()
	want := "\ranalyzing: 0/160,000\033[K\ranalyzing: 52,000/160,000\033[K\r\033[K"
	if buf.String() != want {
		t.Fatalf("got %q\nwant %q", buf.String(), want)
	}
}

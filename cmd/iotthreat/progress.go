package main

import (
	"fmt"
	"io"
	"time"
)

// progressLine shows how far a long operation has got on one line of
// standard error, rewritten in place, when standard error is a terminal.
// Anywhere else (a pipe, a file, CI logs, the tests) it stays silent: a
// line rewritten with \r is noise in a log, and scripts read stderr for
// diagnostics.
type progressLine struct {
	w       io.Writer
	enabled bool
	now     func() time.Time
	last    time.Time // when the line was last drawn
	shown   bool      // something is on the line and must be cleared
}

// progressInterval is the least time between two redraws: about ten a
// second reads as smooth and costs nothing next to the work measured.
const progressInterval = 100 * time.Millisecond

// newProgress returns the progress line for w, enabled when w is a
// terminal (isTerminal, in terminal.go).
func newProgress(w io.Writer) *progressLine {
	return &progressLine{w: w, enabled: isTerminal(w), now: time.Now}
}

// reporter returns a progress callback for engine.Options.Progress or
// model.Options.Progress that draws "label: done/total unit".
func (p *progressLine) reporter(label string, format func(int) string) func(done, total int) {
	if !p.enabled {
		return nil
	}
	return func(done, total int) {
		now := p.now()
		if p.shown && now.Sub(p.last) < progressInterval {
			return
		}
		p.last, p.shown = now, true
		// \r returns to the start of the line; \033[K erases what a
		// longer earlier text left to the right.
		fmt.Fprintf(p.w, "\r%s: %s/%s\033[K", label, format(done), format(total))
	}
}

// clear erases the line, so the command's own output starts clean.
func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// thousands formats a count as 52,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// megabytes formats a byte count as 6.3 MB.
func megabytes(n int) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

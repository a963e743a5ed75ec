package engine

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// An evaluation gets a wall-clock deadline without paying for a timer of
// its own: an analysis evaluates a rule hundreds of thousands of times,
// each in about a microsecond, and a context with a timeout costs as much.
// Instead each worker evaluates under one cancellable context, and counts
// evaluations as they start and end; a watchdog looks at the counts a few
// times per timeout and cancels the context of a worker whose evaluation
// has not changed for the whole timeout. cel-go notices the cancellation
// between loop iterations (cel.InterruptCheckFrequency), and the worker
// then starts afresh with a new context.

// evalClock is one worker's side of the watchdog.
type evalClock struct {
	// seq counts evaluations' starts and ends: odd while one runs.
	seq atomic.Uint64
	// stopped is the seq of the evaluation the watchdog stopped, 0 when
	// it stopped none since the context was renewed.
	stopped atomic.Uint64
	mu      sync.Mutex // guards cancel against the watchdog
	ctx     context.Context
	cancel  context.CancelFunc
	_       [64]byte // keeps workers' counters off one another's cache line
}

func newEvalClock() *evalClock {
	c := &evalClock{}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	return c
}

// eval evaluates p on act, under the deadline when it has loops. An
// evaluation the watchdog stopped fails with errDeadline.
func (c *evalClock) eval(p program, act interpreter.Activation) (ref.Val, error) {
	if !p.loops {
		val, _, err := p.prg.Eval(act)
		return val, err
	}
	for {
		if c.stopped.Load() != 0 {
			c.renew()
		}
		s := c.seq.Add(1)
		val, _, err := p.prg.ContextEval(c.ctx, act)
		c.seq.Add(1)
		if err == nil || !errors.Is(err, interpreter.InterruptError{}) {
			return val, err
		}
		if c.stopped.Load() == s {
			return nil, errDeadline
		}
		// The watchdog stopped the previous evaluation just as this one
		// started with the same context: run it again.
	}
}

// renew replaces a cancelled context.
func (c *evalClock) renew() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancel()
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.stopped.Store(0)
}

// stop cancels the evaluation numbered s, if it is still running.
func (c *evalClock) stop(s uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq.Load() == s {
		c.stopped.Store(s)
		c.cancel()
	}
}

// close releases the context.
func (c *evalClock) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancel()
}

// watch stops any evaluation of clocks that runs longer than timeout,
// until done is closed. It looks four times per timeout, so an evaluation
// is stopped between one and one and a quarter timeouts after it started.
func watch(clocks []*evalClock, timeout time.Duration, done <-chan struct{}) {
	tick := max(timeout/4, time.Millisecond)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	last := make([]uint64, len(clocks))
	since := make([]time.Time, len(clocks))
	for {
		select {
		case <-done:
			return
		case now := <-ticker.C:
			for i, c := range clocks {
				s := c.seq.Load()
				switch {
				case s%2 == 0 || s != last[i]:
					last[i], since[i] = s, now
				case now.Sub(since[i]) >= timeout:
					c.stop(s)
				}
			}
		}
	}
}

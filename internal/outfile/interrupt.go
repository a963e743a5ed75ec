package outfile

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// Interrupted is the error of a write stopped by a signal: nothing was
// written at the output path, and no temporary file is left. Commands
// exit with 128 plus the signal's number, as a shell reports a process
// the signal ended.
type Interrupted struct {
	Signal os.Signal
	Path   string // the output, as the user named it
}

func (e *Interrupted) Error() string {
	return "interrupted (" + e.Signal.String() + "): " + e.Path + " was not written"
}

// watchSignals returns ctx, ended with an *Interrupted cause when SIGINT
// or SIGTERM arrives. It then stops watching, so that a second signal
// ends the process the default way. stop ends the watch.
func watchSignals(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs)
			cancel(&Interrupted{Signal: s})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// interrupted returns the cause of ctx's end, naming path, in place of
// err (the write failing because of it), or err when ctx has not ended.
func interrupted(ctx context.Context, path string, err error) error {
	if ctx.Err() == nil {
		return err
	}
	cause := context.Cause(ctx)
	var in *Interrupted
	if errors.As(cause, &in) {
		return &Interrupted{Signal: in.Signal, Path: path}
	}
	return cause
}

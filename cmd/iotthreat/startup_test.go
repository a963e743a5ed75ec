package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/vocab"
)

// startupBudget is what a command that reads nothing may allocate, in
// bytes, and what each of this module's packages may allocate while it is
// initialised. Parsing the built-in vocabulary (4.5 MB), the rule library
// (22 MB) or building the CEL environments (4.3 MB) is far above it.
// Measured: `version` allocates 0.18 MB; the largest initialisation here,
// document/html parsing its templates, 0.35 MB.
const startupBudget = 1 << 20

// TestStartupLoadsNothingHeavy checks that commands that read no model
// (version, help) load none of the heavy parts, which every start would
// pay for. It runs in a fresh process, since each part loads once per
// process and other tests here load them, and checks three things: what
// each command allocates; that each heavy part, loaded afterwards, is
// still to be loaded (a package variable or init function that loaded it
// eagerly shows here); and, from GODEBUG=inittrace=1, what each package of
// the module allocates while it is initialised (templates, large regular
// expressions, tables; inittrace counts only what the initialising
// goroutine allocates, hence the second check). docs/performance.md
// ("Start-up") has the figures.
func TestStartupLoadsNothingHeavy(t *testing.T) {
	if os.Getenv("IOTTHREAT_TEST_STARTUP") == "1" {
		startupChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestStartupLoadsNothingHeavy$", "-test.v")
	cmd.Env = append(os.Environ(), "IOTTHREAT_TEST_STARTUP=1", "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	inits := initAllocations(t, stderr.String())
	if len(inits) == 0 {
		t.Errorf("GODEBUG=inittrace=1 printed no initialisation of this module's packages:\n%s", stderr.Bytes())
	}
	for pkg, bytes := range inits {
		if bytes > startupBudget {
			t.Errorf("initialising %s allocates %d bytes (budget %d): every command pays for it at start; make it lazy (sync.OnceValue)", pkg, bytes, startupBudget)
		}
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// initLine is what GODEBUG=inittrace=1 prints for each package.
var initLine = regexp.MustCompile(`^init (github\.com/iotthreat/iotthreat/\S+) @\S+ ms, \S+ ms clock, (\d+) bytes, \d+ allocs$`)

// initAllocations reads the bytes each of this module's packages
// allocated at initialisation from an inittrace.
func initAllocations(t *testing.T, trace string) map[string]int {
	out := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(trace))
	for sc.Scan() {
		if m := initLine.FindStringSubmatch(sc.Text()); m != nil {
			n, err := strconv.Atoi(m[2])
			if err != nil {
				t.Fatal(err)
			}
			out[m[1]] = n
		}
	}
	return out
}

func startupChild(t *testing.T) {
	for _, args := range [][]string{
		{"version"},
		{"--help"},
		{"help", "analyze"},
		{"analyze", "--help"},
		{"rules", "list", "--help"},
	} {
		n := allocated(func() {
			if code := run(args, io.Discard, io.Discard); code != exitOK {
				t.Fatalf("iotthreat %v: exit %d", args, code)
			}
		})
		t.Logf("iotthreat %s: %d bytes", strings.Join(args, " "), n)
		if n > startupBudget {
			t.Errorf("iotthreat %s allocates %d bytes (budget %d): it loads something it does not need",
				strings.Join(args, " "), n, startupBudget)
		}
	}
	// Each heavy part, loaded here for the first time in the process,
	// allocates more than the budget: the budget can be broken, and a
	// part that allocates less was loaded before, eagerly (a package
	// variable, or an init function).
	heavy := []struct {
		name string
		load func()
	}{
		{"the built-in vocabulary", func() { vocab.Builtin() }},
		{"the rule library", func() { rules.Builtin() }},
		{"the CEL environments", func() {
			all, _ := rules.Builtin()
			if _, diags := engine.Compile(all[:1], vocab.Builtin(), nil); len(diags) > 0 {
				t.Fatal(diags)
			}
		}},
	}
	for _, h := range heavy {
		n := allocated(h.load)
		t.Logf("%s: %d bytes", h.name, n)
		if n <= startupBudget {
			t.Errorf("loading %s allocates %d bytes, within the budget of %d: it was loaded already, at start-up", h.name, n, startupBudget)
		}
	}
}

// allocated returns the bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

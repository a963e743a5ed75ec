package main

import (
	"bufio"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/iotthreat/iotthreat/internal/interoptest"
)

// update rewrites the golden sections that a failing cmp compares against:
//
//	go test ./cmd/iotthreat/ -run TestScripts -update
//
// Review the diff before committing: the scripts are the specification of
// every message the CLI prints.
var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

// TestMain lets the scripts run the CLI in-process: `exec iotthreat …`
// re-executes this test binary, which dispatches to run().
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"iotthreat": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs every testdata/script/*.txtar. Each script sets up model
// files, runs iotthreat and asserts the exact located messages it prints.
func TestScripts(t *testing.T) {
	testscript.Run(t, scriptParams("testdata/script"))
}

// TestHostile runs the hostile-input catalogue, testdata/hostile/*.txtar:
// inputs built to hang, exhaust, spoof or overwrite, each with the exit
// code and message iotthreat must answer with (docs/security.md lists the
// limits they exercise). One file per class of attack.
func TestHostile(t *testing.T) {
	testscript.Run(t, scriptParams("testdata/hostile"))
}

// scriptParams is how every script directory runs: the CLI in-process,
// explicit exec, every failing assertion reported.
func scriptParams(dir string) testscript.Params {
	return testscript.Params{
		Dir:                 dir,
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		// Report every failing assertion of a script, not only the first:
		// one script covers several error classes.
		ContinueOnError: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"bigfile":  bigfile,
			"corrupt":  corrupt,
			"giveaway": giveaway,
			"hardlink": hardlink,
			"unescape": unescape,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "interop" {
				return interopCondition()
			}
			return scriptCondition(cond)
		},
		// $INTEROP is the directory of other tools' sample files
		// (../shared/interop beside the repository) when it exists; scripts
		// that read it start with [!interop] skip, which fails instead
		// under IOTTHREAT_REQUIRE_INTEROP=1 (as CI runs).
		Setup: func(env *testscript.Env) error {
			if dir := interopDir(); dir != "" {
				env.Setenv("INTEROP", dir)
			}
			// $EXAMPLES is the repository's examples/ directory, so that
			// scripts run the documented examples rather than copies.
			examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
			if err != nil {
				return err
			}
			env.Setenv("EXAMPLES", examples)
			return nil
		},
	}
}

// interopCondition is [interop]: whether ../shared/interop is there,
// and an error, which fails the script, when it is absent under
// IOTTHREAT_REQUIRE_INTEROP=1.
func interopCondition() (bool, error) {
	if interopDir() == "" && interoptest.Required() {
		return false, errors.New(interoptest.RequireEnv + "=1, but ../shared/interop is absent")
	}
	return interopDir() != "", nil
}

// interopDir is the absolute path of ../shared/interop beside the
// repository, or "" when it is absent.
func interopDir() string { return interoptest.Path() }

// bigfile NAME SIZE writes a valid model padded with comment lines to at
// least SIZE bytes, for the input-size limit: a txtar archive cannot hold
// tens of megabytes.
func bigfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! bigfile")
	}
	if len(args) != 2 {
		ts.Fatalf("usage: bigfile NAME SIZE")
	}
	size, err := strconv.Atoi(args[1])
	ts.Check(err)
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	w := bufio.NewWriter(f)
	n, err := w.WriteString("iotthreat: 1\nsystem: {name: Acme}\n")
	ts.Check(err)
	line := "# " + strings.Repeat("x", 77) + "\n"
	for ; n < size; n += len(line) {
		_, err = w.WriteString(line)
		ts.Check(err)
	}
	ts.Check(w.Flush())
	ts.Check(f.Close())
}

// hardlink OLD NEW makes NEW a second name of the file OLD (ln OLD NEW),
// for outputs that are an input under another name.
func hardlink(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: hardlink OLD NEW")
	}
	ts.Check(os.Link(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
}

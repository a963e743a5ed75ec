package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/render"
)

// TestCommandsThatDrawNothingDoNotStartGraphviz runs every command that
// draws nothing in a fresh process (Graphviz starts once per process, and
// other tests here draw) and checks that Graphviz was never started: it
// costs start-up time, and it is the only part that runs compiled code.
func TestCommandsThatDrawNothingDoNotStartGraphviz(t *testing.T) {
	if os.Getenv("IOTTHREAT_TEST_NO_GRAPHVIZ") == "1" {
		noGraphvizChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCommandsThatDrawNothingDoNotStartGraphviz$")
	cmd.Env = append(os.Environ(), "IOTTHREAT_TEST_NO_GRAPHVIZ=1", "XDG_CACHE_HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

func noGraphvizChild(t *testing.T) {
	model := filepath.Join("..", "..", "examples", "reference.yaml")
	out := t.TempDir()
	commands := [][]string{
		{"version"},
		{"validate", model},
		{"analyze", model, "--format", "json"},
		{"check", model, "--fail-on", "critical"},
		{"rules", "list"},
		{"schema"},
		{"report", model, "--format", "csv", "-o", filepath.Join(out, "r.csv")},
		{"report", model, "--format", "xlsx", "-o", filepath.Join(out, "r.xlsx")},
		{"report", model, "--format", "html", "--no-diagram", "-o", filepath.Join(out, "r.html")},
		{"diagram", model, "--format", "dot", "-o", filepath.Join(out, "d.dot")},
		{"diagram", model, "--format", "mermaid", "-o", filepath.Join(out, "d.mmd")},
	}
	for _, args := range commands {
		if code := run(args, io.Discard, io.Discard); code > exitInvalid {
			t.Fatalf("iotthreat %v: exit %d", args, code)
		}
		if render.GraphvizStarted() {
			t.Fatalf("iotthreat %v started Graphviz, though it draws nothing", args)
		}
	}
	// The check can fail: drawing does start it.
	if code := run([]string{"diagram", model, "-o", filepath.Join(out, "d.svg")}, io.Discard, io.Discard); code != exitOK {
		t.Fatalf("diagram: exit %d", code)
	}
	if !render.GraphvizStarted() {
		t.Fatal("diagram -o d.svg did not start Graphviz")
	}
}

package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// mermaidCheck is the directory of the Node script that parses Mermaid
// with Mermaid's own parser. CI installs its packages (npm ci).
const mermaidCheck = "testdata/mermaid-check"

// TestMermaidSyntax runs every golden Mermaid file and a few more views
// through Mermaid's parser, and proves the check works by feeding it
// broken diagrams too. Without Node.js or the npm packages it skips,
// unless IOTTHREAT_REQUIRE_MERMAID is set (as CI does), when it fails.
func TestMermaidSyntax(t *testing.T) {
	skip := t.Skip
	if os.Getenv("IOTTHREAT_REQUIRE_MERMAID") != "" {
		skip = t.Fatal
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is not installed: cannot check Mermaid syntax (install Node.js, then npm ci in render/testdata/mermaid-check)")
	}
	if _, err := os.Stat(filepath.Join(mermaidCheck, "node_modules", "mermaid")); err != nil {
		skip("Mermaid's parser is not installed: run npm ci in render/testdata/mermaid-check")
	}
	dir := t.TempDir()
	var good []string
	goldens, _ := filepath.Glob("testdata/golden/*.mmd")
	good = append(good, goldens...)

	l := load(t, "testdata/small.yaml")
	extra := map[string]Options{"focus-api.mmd": {Focus: "api_v2"}, "small-nil-report.mmd": {}}
	for name, opts := range extra {
		var b bytes.Buffer
		if err := Mermaid(&b, l, nil, opts); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		good = append(good, path)
	}

	// Broken on purpose: an unclosed label, and the quotes in names that
	// mermaidText writes as #quot; left raw.
	bad := map[string]string{
		"bad-unclosed.mmd":   "flowchart TB\n  a[\"open label] --> b\n",
		"bad-node-quote.mmd": "flowchart TB\n  e_a[\"say \"] hi\"] --> e_b\n",
		"bad-edge-quote.mmd": "flowchart TB\n  e_a -->|\"a \"b\" c\"| e_b\n",
	}
	var badPaths []string
	for name, text := range bad {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		badPaths = append(badPaths, path)
	}

	abs := func(paths []string) []string {
		var out []string
		for _, p := range paths {
			a, err := filepath.Abs(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a)
		}
		return out
	}
	cmd := exec.Command(node, append([]string{"check.mjs"}, abs(append(good, badPaths...))...)...)
	cmd.Dir = mermaidCheck
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("check.mjs should fail (exit 1) on the broken diagrams; got %v:\n%s", err, out)
	}
	report := string(out)
	for _, p := range abs(good) {
		if !strings.Contains(report, "ok "+p+" (flowchart") {
			t.Errorf("Mermaid rejects %s:\n%s", p, lineAbout(report, p))
		}
	}
	for _, p := range abs(badPaths) {
		if !strings.Contains(report, "error "+p+":") {
			t.Errorf("Mermaid accepts the broken %s: the check proves nothing\n%s", p, report)
		}
	}
}

func lineAbout(report, path string) string {
	for _, line := range strings.Split(report, "\n") {
		if strings.Contains(line, path) {
			return line
		}
	}
	return report
}

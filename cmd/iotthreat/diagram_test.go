package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDiagramExitCodes asserts diagram's exit status, which the script
// test (testdata/script/diagram.txtar) cannot: 0 written, 1 invalid
// model, 2 usage or I/O error.
func TestDiagramExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", "iotthreat: 1\nsystem: {name: Acme}\nboundaries: [{id: home, kind: local-network}]\n"+
		"elements:\n  - {id: lock, kind: device, boundary: home}\n  - {id: hub, kind: gateway, boundary: home}\n"+
		"flows: [{id: f, from: hub, to: lock, protocol: mqtt, encryption: tls}]\n")
	bad := write("bad.yaml", "iotthreat: 1\nsystem: {name: Acme}\nelements: [{id: lock, kind: devise}]\n")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"svg", []string{"diagram", good}, exitOK},
		{"png file", []string{"diagram", "-o", filepath.Join(dir, "d.png"), good}, exitOK},
		{"plain mermaid", []string{"diagram", "--plain", "-f", "mermaid", good}, exitOK},
		{"focus", []string{"diagram", "--focus", "hub", "-f", "dot", good}, exitOK},
		{"invalid model", []string{"diagram", bad}, exitInvalid},
		{"unknown focus", []string{"diagram", "--focus", "nope", good}, exitUsage},
		{"bad format", []string{"diagram", "-f", "pdf", good}, exitUsage},
		{"bad direction", []string{"diagram", "--direction", "up", good}, exitUsage},
		{"missing file", []string{"diagram", filepath.Join(dir, "none.yaml")}, exitUsage},
		{"unwritable output", []string{"diagram", "-o", filepath.Join(dir, "no", "such", "dir.svg"), good}, exitUsage},
		{"no model", []string{"diagram"}, exitUsage},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		if got := run(tt.args, &out, &errOut); got != tt.want {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", tt.name, got, tt.want, errOut.String())
		}
	}
}

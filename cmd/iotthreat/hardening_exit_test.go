package main

import (
	"os"
	"strings"
	"testing"
)

// TestHardeningExitCodes pins the exact exit status of the cases in
// testdata/hostile/{outputs,ids_dates_flags,generate}.txtar, which can
// only say "not zero": a usage error must be 2, not 1 ("the model has
// problems").
func TestHardeningExitCodes(t *testing.T) {
	files := map[string]string{
		"model.yaml":      validModel,
		"copy.yaml":       validModel,
		"rules/acme.yaml": "rules: []\n",
		"triage.yaml":     "tracking: {}\n",
		"clash.yaml": validModel + `rules:
  - {id: IOT-HW-001, title: t, target: {type: system}, condition: "true", stride: [spoofing], likelihood: low, impact: low, mitigation: m}
`,
		"empty.yaml": "iotthreat: 1\nsystem: {name: Acme}\nelements: [{id: \"\", kind: device}]\n",
	}
	tests := []exitCase{
		{"report onto the model", []string{"report", "model.yaml", "--format", "html", "-o", "model.yaml"}, exitUsage},
		{"diagram onto the model", []string{"diagram", "model.yaml", "--format", "dot", "-o", "model.yaml"}, exitUsage},
		{"analyze onto the tracking file", []string{"analyze", "model.yaml", "--tracking", "triage.yaml", "--format", "json", "-o", "triage.yaml"}, exitUsage},
		{"analyze onto a rule file", []string{"analyze", "model.yaml", "--rules", "rules", "--format", "json", "-o", "rules/acme.yaml"}, exitUsage},
		{"diff onto the new model", []string{"diff", "copy.yaml", "model.yaml", "--format", "json", "-o", "model.yaml"}, exitUsage},
		{"format and extension differ", []string{"report", "model.yaml", "-o", "r.html", "--format", "csv"}, exitUsage},
		{"schema -o", []string{"schema", "-o", "schema.json"}, exitOK},
		{"generate onto a file", []string{"generate", "--elements", "20", "-o", "copy.yaml"}, exitUsage},
		{"generate --force", []string{"generate", "--elements", "20", "-o", "copy.yaml", "--force"}, exitOK},
		{"generate too large", []string{"generate", "--elements", "100000000"}, exitUsage},
		{"empty id", []string{"validate", "empty.yaml"}, exitInvalid},
		{"today not a date", []string{"analyze", "model.yaml", "--today", "banana"}, exitUsage},
		{"today without zeros", []string{"check", "model.yaml", "--today", "2027-6-1"}, exitUsage},
		{"rules missing", []string{"analyze", "model.yaml", "--rules", "nonexistent"}, exitUsage},
		{"rules file", []string{"analyze", "model.yaml", "--rules", "rules/acme.yaml"}, exitOK},
		{"tracking missing", []string{"analyze", "model.yaml", "--tracking", "nonexistent.yaml"}, exitUsage},
		{"validate clash with built-in", []string{"validate", "clash.yaml"}, exitInvalid},
		{"validate clash without built-in", []string{"validate", "--no-builtin", "clash.yaml"}, exitOK},
		{"unknown standard", []string{"rules", "list", "--standard", "foo:1"}, exitUsage},
		{"unknown provision", []string{"rules", "list", "--standard", "etsi:5.6-44"}, exitUsage},
		{"provision no rule cites", []string{"rules", "list", "--standard", "cwe:99999"}, exitOK},
		{"negative detail", []string{"report", "model.yaml", "--format", "csv", "--detail", "-1"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.run(t, files)
			for _, name := range []string{"model.yaml", "triage.yaml", "rules/acme.yaml"} {
				if data, _ := os.ReadFile(name); string(data) != files[name] {
					t.Errorf("iotthreat %s changed %s", strings.Join(tt.args, " "), name)
				}
			}
		})
	}
}

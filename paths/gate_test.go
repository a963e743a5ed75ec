package paths

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestGate keeps the paths at or above the threshold, worst first, and
// names at most MaxGateListed of them, saying how many more there are.
func TestGate(t *testing.T) {
	r := &Result{Paths: []Path{}, Truncated: []string{"300 paths found: the 200 worst are shown"}}
	for i := range 12 {
		r.Paths = append(r.Paths, Path{ID: fmt.Sprintf("AP-%012d", i), Entry: "internet", Target: "data:x", Risk: "critical", Likelihood: "high", Impact: "critical"})
	}
	r.Paths = append(r.Paths, Path{ID: "AP-high", Entry: "radio:ble", Target: "safety-action:lock", Risk: "high", Likelihood: "medium", Impact: "critical", Unknown: true},
		Path{ID: "AP-medium", Risk: "medium"})
	if got := Gate(r, "critical"); len(got) != 12 {
		t.Errorf("critical gate: %d paths, want 12", len(got))
	}
	failing := Gate(r, "high")
	if len(failing) != 13 || failing[12].ID != "AP-high" {
		t.Fatalf("high gate: %d paths, want 13 ending with AP-high", len(failing))
	}
	var b bytes.Buffer
	if err := GateSummary(&b, r, "high", failing); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"path check failed: 13 attack paths at or above high (12 critical, 1 high)\n",
		"critical AP-000000000000: internet -> data:x (likelihood high, impact critical)\n",
		"… and 3 more: 'iotthreat paths' lists them with their steps\n",
		"limits reached: 300 paths found: the 200 worst are shown\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, ": internet -> "); n != MaxGateListed {
		t.Errorf("%d paths named, want %d", n, MaxGateListed)
	}
	b.Reset()
	if err := GateSummary(&b, &Result{Paths: []Path{{Risk: "low"}}}, "medium", nil); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "path check passed: no attack path at or above medium (1 path in all)\n" {
		t.Errorf("passing summary: %q", got)
	}
}

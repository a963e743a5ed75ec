package model

import (
	"fmt"
	"strings"
	"testing"
)

// Unknown references get a "did you mean" hint up to maxRefHints; the
// rest a hint that costs nothing to make, so thousands of broken flows
// against thousands of elements validate in linear time.
func TestUnknownReferenceHintsAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("iotthreat: 1\nsystem: {name: Refs}\nelements:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "  - {id: svc-%02d, kind: support-service}\n", i)
	}
	b.WriteString("flows:\n")
	const broken = maxRefHints + 10
	for i := range broken {
		fmt.Fprintf(&b, "  - {id: f%02d, from: svc-%02dx, to: svc-00, protocol: https}\n", i, i)
	}
	got := messagesOf(t, b.String())
	if len(got) != broken {
		t.Fatalf("%d problems, want %d:\n%s", len(got), broken, strings.Join(got, "\n"))
	}
	for i, msg := range got {
		want := fmt.Sprintf("did you mean \"svc-%02d\"?", i)
		if i >= maxRefHints {
			want = "check the spelling against the 50 elements the model defines"
		}
		if !strings.Contains(msg, fmt.Sprintf("flows[f%02d].from: unknown element \"svc-%02dx\"", i, i)) || !strings.Contains(msg, want) {
			t.Errorf("problem %d = %q, want the unknown element and %q", i, msg, want)
		}
	}
}

package threagile

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iotthreat/iotthreat/model"
)

// largeModel writes a Threagile model of n assets in a chain of links,
// each asset in its own boundary, the boundaries nested in chains of
// execution environments as deep as a model allows (model.MaxBoundaryDepth),
// and n risk tracking wildcards against n individual risks of one
// category.
func largeModel(n int) []byte {
	var b strings.Builder
	b.WriteString("title: large\ndata_assets:\n  D: {id: d}\ntechnical_assets:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  A%d: {id: a%d, type: process, technology: web-server, data_assets_processed: [d], communication_links: {L: {target: a%d, protocol: https, authentication: token, data_assets_sent: [d]}}}\n", i, i, (i+1)%n)
	}
	b.WriteString("trust_boundaries:\n")
	for i := 0; i < n; i++ {
		nested := ""
		if i+1 < n && (i+1)%model.MaxBoundaryDepth != 0 {
			nested = fmt.Sprintf("b%d", i+1)
		}
		fmt.Fprintf(&b, "  B%d: {id: b%d, type: execution-environment, technical_assets_inside: [a%d], trust_boundaries_nested: [%s]}\n", i, i, i, nested)
	}
	b.WriteString("individual_risk_categories:\n  C:\n    id: c\n    stride: tampering\n    risks_identified:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "      R%d: {severity: high, most_relevant_technical_asset: a%d}\n", i, i)
	}
	b.WriteString("risk_tracking:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  c@a%d: {status: mitigated}\n  c@*@x%d: {status: mitigated}\n", i, i)
	}
	return []byte(b.String())
}

// TestLarge imports a model of 3000 assets, 3000 boundaries nested in
// chains 32 deep and 6000 tracking keys against 3000 risks of one category: the work is
// bounded, and the nesting settles every kind.
func TestLarge(t *testing.T) {
	const n = 3000
	data := largeModel(n)
	start := time.Now()
	imp, diags := Import("large.yaml", data)
	if len(diags) > 0 {
		t.Fatal(diags[:min(len(diags), 5)])
	}
	t.Logf("%d bytes imported in %v", len(data), time.Since(start))
	m := imp.Model
	if len(m.Elements) != n || len(m.Flows) != n || len(m.Boundaries) != n || len(m.Threats) != n {
		t.Fatalf("counts %d %d %d %d", len(m.Elements), len(m.Flows), len(m.Boundaries), len(m.Threats))
	}
	if m.Boundaries[n-1].Kind != "vendor-cloud" || m.Boundaries[n-1].Within != fmt.Sprintf("b%d", n-2) {
		t.Errorf("deepest boundary %+v", m.Boundaries[n-1])
	}
	if len(m.Tracking) == 0 {
		t.Error("no tracking entries")
	}
	checkValid(t, imp)
}

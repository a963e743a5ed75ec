package threagile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
)

const hostileHead = "threagile_version: 1.0.0\ntitle: hostile\ntechnical_assets:\n  Asset 0:\n    id: a0\n    type: process\n    technology: web-service-rest\n"

func importText(t *testing.T, src string) *interchange.Import {
	t.Helper()
	imp, diags := Import("hostile.yaml", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags[:min(len(diags), 5)])
	}
	return imp
}

// notesWith returns the notes at path that contain s.
func notesWith(imp *interchange.Import, path, s string) []string {
	var out []string
	for _, n := range imp.Notes[path] {
		if strings.Contains(n, s) {
			out = append(out, n)
		}
	}
	return out
}

// TestUnmatchedTrackingFolded: thousands of risk_tracking decisions for
// Threagile's own rules gave one head note each (64,000 took 14 s); the
// first maxTrackingNotes stay verbatim, and one note counts the rest.
func TestUnmatchedTrackingFolded(t *testing.T) {
	const n = 5000
	var b strings.Builder
	b.WriteString(hostileHead + "risk_tracking:\n")
	for i := range n {
		fmt.Fprintf(&b, "  some-rule@thing-%d:\n    status: accepted\n    justification: ok\n", i)
	}
	imp := importText(t, b.String())
	if got := len(notesWith(imp, "", "Threagile risk tracking some-rule@")); got != maxTrackingNotes {
		t.Errorf("%d verbatim decisions, want %d", got, maxTrackingNotes)
	}
	if got := notesWith(imp, "", fmt.Sprintf("and %d more in the Threagile file", n-maxTrackingNotes)); len(got) != 1 {
		t.Errorf("no note counts the decisions left out: %q", imp.Notes[""])
	}
	if len(imp.Notes[""]) > maxTrackingNotes+5 {
		t.Errorf("%d head notes", len(imp.Notes[""]))
	}
	checkValid(t, imp)
}

// TestSelfLinksFolded: thousands of links from an asset to itself give
// one counted note on its element (they gave one note each: 64,000 took
// 14 s).
func TestSelfLinksFolded(t *testing.T) {
	const n = 3000
	var b strings.Builder
	b.WriteString(hostileHead + "    communication_links:\n")
	for i := range n {
		fmt.Fprintf(&b, "      Loop %d %s:\n        target: a0\n        protocol: https\n", i, strings.Repeat("x", 300))
	}
	imp := importText(t, b.String())
	loops := notesWith(imp, "elements[a0]", "to itself")
	if len(loops) != 1 || !strings.Contains(loops[0], fmt.Sprintf("%d Threagile links", n)) ||
		!strings.Contains(loops[0], fmt.Sprintf("and %d more", n-namedInNote)) || len(loops[0]) > 1500 {
		t.Fatalf("self-link notes %q", loops)
	}
	if len(imp.Model.Flows) != 0 {
		t.Errorf("%d flows", len(imp.Model.Flows))
	}
	checkValid(t, imp)
}

// TestSharedRuntimesFolded: an asset on thousands of shared runtimes gets
// one note naming a few, and the head describes maxRuntimeNotes of them
// and counts the rest (64,000 runtimes took 38 s, one note per runtime
// at the head and on the asset).
func TestSharedRuntimesFolded(t *testing.T) {
	const n = 3000
	var b strings.Builder
	b.WriteString(hostileHead + "  Asset 1:\n    id: a1\n    type: process\n    technology: web-service-rest\nshared_runtimes:\n")
	for i := range n {
		fmt.Fprintf(&b, "  Runtime %d:\n    id: rt%d\n    technical_assets_running:\n      - a0\n", i, i)
	}
	b.WriteString("  Pair:\n    id: pair\n    technical_assets_running: [a1, a0]\n")
	imp := importText(t, b.String())
	on := notesWith(imp, "elements[a0]", "shared runtime")
	if len(on) != 1 || !strings.Contains(on[0], fmt.Sprintf("Runs on %d shared runtimes", n+1)) {
		t.Errorf("a0 notes %q", on)
	}
	if got := notesWith(imp, "elements[a1]", "shared runtime"); len(got) != 1 || got[0] != `Runs on shared runtime "Pair" with 1 other assets.` {
		t.Errorf("a1 notes %q", got)
	}
	if got := len(notesWith(imp, "", "Shared runtime ")); got != maxRuntimeNotes {
		t.Errorf("%d runtimes described at the head, want %d", got, maxRuntimeNotes)
	}
	if got := notesWith(imp, "", fmt.Sprintf("%d more shared runtimes", n+1-maxRuntimeNotes)); len(got) != 1 {
		t.Errorf("no note counts the other runtimes: %q", imp.Notes[""])
	}
	checkValid(t, imp)
}

// TestItemLimits: a section, or the links or risks summed over their
// sections, over its limit is refused with one error at the place that
// passes it, naming the limit, and nothing is converted.
func TestItemLimits(t *testing.T) {
	section := func(key string, n int, entry string) string {
		var b strings.Builder
		b.WriteString(key + ":\n")
		for i := range n {
			fmt.Fprintf(&b, "  E%d: {id: e%d%s}\n", i, i, entry)
		}
		return b.String()
	}
	links := func(assets, each int) string {
		var b strings.Builder
		b.WriteString("technical_assets:\n")
		for i := range assets {
			fmt.Fprintf(&b, "  A%d:\n    id: a%d\n    communication_links:\n", i, i)
			for j := range each {
				fmt.Fprintf(&b, "      L%d: {target: a0, protocol: https}\n", j)
			}
		}
		return b.String()
	}
	cases := []struct{ name, src, want string }{
		{"assets", section("technical_assets", MaxTechnicalAssets+1, ""),
			fmt.Sprintf("hostile.yaml:3:3: technical_assets: %d entries: over the Threagile import limit of %d", MaxTechnicalAssets+1, MaxTechnicalAssets)},
		{"data", section("data_assets", MaxDataAssets+1, ""), "data_assets: 10001 entries: over the Threagile import limit of 10000"},
		{"boundaries", section("trust_boundaries", MaxTrustBoundaries+1, ""), "trust_boundaries: 10001 entries"},
		{"runtimes", section("shared_runtimes", MaxSharedRuntimes+1, ""), "shared_runtimes: 10001 entries"},
		{"categories", section("individual_risk_categories", MaxRiskCategories+1, ", stride: spoofing"), "individual_risk_categories: 10001 entries"},
		{"tracking", section("risk_tracking", MaxRiskTracking+1, ", status: accepted"), "risk_tracking: 20001 entries"},
		{"links", links(MaxLinks/1000+1, 1000),
			fmt.Sprintf("technical_assets[A%d].communication_links: more than %d communication links in the file: over the Threagile import limit", MaxLinks/1000, MaxLinks)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			imp, diags := Import("hostile.yaml", []byte("title: t\n"+c.src))
			if imp != nil || len(diags) != 1 {
				t.Fatalf("import %v, %d diagnostics; want one error", imp != nil, len(diags))
			}
			if got := diags[0].String(); !strings.Contains(got, c.want) || !strings.Contains(got, "hint: split the model") {
				t.Errorf("got %s\nwant it to contain %s", got, c.want)
			}
		})
	}
	var b strings.Builder
	b.WriteString("title: t\nindividual_risk_categories:\n")
	for i := range MaxRisks/1000 + 1 {
		fmt.Fprintf(&b, "  C%d:\n    id: c%d\n    stride: spoofing\n    risks_identified:\n", i, i)
		for j := range 1000 {
			fmt.Fprintf(&b, "      R%d: {severity: high}\n", j)
		}
	}
	if _, diags := Import("hostile.yaml", []byte(b.String())); len(diags) != 1 ||
		!strings.Contains(diags[0].String(), fmt.Sprintf("more than %d identified risks", MaxRisks)) {
		t.Errorf("identified risks over the limit: %v", diags)
	}
}

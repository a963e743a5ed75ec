package threagile

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
)

// riskFile is hostileHead with one risk category holding desc and
// mitigation, and n risks named r0, r1, … of severity low; the risks
// start on line riskLine.
func riskFile(desc, mitigation string, n int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "individual_risk_categories:\n  Cat:\n    id: cat\n    description: " + desc +
		"\n    mitigation: " + mitigation + "\n    stride: spoofing\n    risks_identified:\n")
	for i := range n {
		fmt.Fprintf(&b, "      r%d: {severity: low}\n", i)
	}
	return b.String()
}

// riskLine is the line of the first risk of a riskFile.
const riskLine = 15

// TestCategoryTextCutOnce: a category's long description and mitigation
// are cut once and shared by all its threats, each noting the cut. They
// were cut, and their characters counted twice, for every risk: a 4 MB
// description with 4,000 risks took 17 s, and 16 MB did not finish in a
// minute.
func TestCategoryTextCutOnce(t *testing.T) {
	const n = 50
	desc := strings.TrimSpace(strings.Repeat("word ", 20_000))
	mitigation := strings.TrimSpace(strings.Repeat("fix ", 2_000))
	imp := importText(t, riskFile(desc, mitigation, n))
	if len(imp.Model.Threats) != n {
		t.Fatalf("%d threats, want %d", len(imp.Model.Threats), n)
	}
	first := imp.Model.Threats[0]
	if got := utf8.RuneCountInString(first.Description); got != model.MaxProseLength || !strings.HasSuffix(first.Description, text.Ellipsis) {
		t.Fatalf("description of %d characters: %q…", got, first.Description[:20])
	}
	for _, th := range imp.Model.Threats {
		if unsafe.StringData(th.Description) != unsafe.StringData(first.Description) ||
			unsafe.StringData(th.Mitigation) != unsafe.StringData(first.Mitigation) {
			t.Fatalf("%s holds a copy of the category's text: it was cut again", th.ID)
		}
		path := "threats[" + th.ID + "]"
		if got := notesWith(imp, path, fmt.Sprintf("risk category text was %d characters long and was cut to %d", len(desc), model.MaxProseLength)); len(got) != 1 {
			t.Errorf("%s description notes %q", path, imp.Notes[path])
		}
		if got := notesWith(imp, path, fmt.Sprintf("risk category mitigation was %d characters long and was cut to %d", len(mitigation), model.MaxProseLength)); len(got) != 1 {
			t.Errorf("%s mitigation notes %q", path, imp.Notes[path])
		}
	}
	checkValid(t, imp)

	// A text within the limit is kept whole and not noted.
	imp = importText(t, riskFile("short text", "fix it", 2))
	if th := imp.Model.Threats[1]; th.Description != "short text" || th.Mitigation != "fix it" || len(notesWith(imp, "threats["+th.ID+"]", "was cut")) != 0 {
		t.Errorf("short texts: %q, %q, notes %q", th.Description, th.Mitigation, imp.Notes["threats["+th.ID+"]"])
	}
}

// TestThreatTextBudget: risks that together copy more category text into
// threats than maxThreatText are refused with one error at the risk that
// passes it (20,000 risks of a category of two 4,000-character texts, a
// 600 KB file, made a model of over 64 MiB that did not validate); one
// risk fewer imports.
func TestThreatTextBudget(t *testing.T) {
	long := strings.Repeat("x", 4000)
	source := len("Threagile individual risk category cat")
	over, sum := 0, 0
	for ; sum <= maxThreatText; over++ {
		sum += len(fmt.Sprintf("r%d", over)) + 2*len(long) + source
	}
	over-- // the index of the risk that passes the limit
	imp, diags := Import("budget.yaml", []byte(riskFile(long, long, over+10)))
	if imp != nil || len(diags) != 1 {
		t.Fatalf("import %v, %d diagnostics; want one error", imp != nil, len(diags))
	}
	d := diags[0]
	if d.Line != riskLine+over || d.Column != 7 || d.Field != fmt.Sprintf("individual_risk_categories[Cat].risks_identified[r%d]", over) ||
		!strings.Contains(d.Message, fmt.Sprintf("more than %d bytes of risk category text", maxThreatText)) || !strings.Contains(d.Hint, "split the model") {
		t.Errorf("diagnostic %s (line %d, want %d)", d, d.Line, riskLine+over)
	}
	imp = importText(t, riskFile(long, long, over))
	if len(imp.Model.Threats) != over {
		t.Errorf("%d threats under the limit, want %d", len(imp.Model.Threats), over)
	}
}

// TestRiskOnSelfLink: a risk whose only target is a link from an asset
// to itself is written on the asset, with a note, and its risk tracking
// follows it. The link's flow id was taken and registered before the link
// was found to be a self-link and left out, so the threat targeted a flow
// that did not exist and the model did not validate.
func TestRiskOnSelfLink(t *testing.T) {
	const src = `threagile_version: 1.0.0
title: self link risk
data_assets:
  Data:
    id: data
    confidentiality: confidential
technical_assets:
  Asset A:
    id: a
    type: process
    technology: web-service-rest
    communication_links:
      Loop:
        target: a
        protocol: https
  Asset B:
    id: b
    type: process
    technology: web-service-rest
individual_risk_categories:
  Cat:
    id: cat
    description: d
    stride: spoofing
    risks_identified:
      On the loop:
        severity: elevated
        most_relevant_communication_link: a>loop
risk_tracking:
  cat@a>loop:
    status: accepted
    justification: fine
`
	imp := importText(t, src)
	if len(imp.Model.Flows) != 0 || len(imp.Model.Threats) != 1 {
		t.Fatalf("%d flows, %d threats", len(imp.Model.Flows), len(imp.Model.Threats))
	}
	th := imp.Model.Threats[0]
	if th.Target != "a" {
		t.Errorf("target %q, want the asset a", th.Target)
	}
	if got := notesWith(imp, "threats["+th.ID+"]", `link "a>loop", which goes from the asset to itself and was left out: written on the asset`); len(got) != 1 {
		t.Errorf("threat notes %q", imp.Notes["threats["+th.ID+"]"])
	}
	if tr, ok := imp.Model.Tracking[th.ID+"@a"]; !ok || tr.Status != "accepted" || tr.Reason != "fine" {
		t.Errorf("tracking %v", imp.Model.Tracking)
	}
	checkValid(t, imp)
}

// TestProblemsCapped: a file with a problem on each of thousands of risks
// lists the first position.MaxProblems and counts the rest (a 4 MB file
// printed 200,000 lines).
func TestProblemsCapped(t *testing.T) {
	const n = 5000
	var b strings.Builder
	b.WriteString(hostileHead + "individual_risk_categories:\n  Cat:\n    id: cat\n    stride: spoofing\n    risks_identified:\n")
	for i := range n {
		fmt.Fprintf(&b, "      r%d: {most_relevant_technical_asset: x%d}\n", i, i)
	}
	imp, diags := Import("many.yaml", []byte(b.String()))
	if imp != nil || len(diags) != position.MaxProblems+1 {
		t.Fatalf("%d problems, want %d", len(diags), position.MaxProblems+1)
	}
	if d := diags[0]; d.Line != 13 || !strings.Contains(d.Message, `unknown technical asset "x0"`) {
		t.Errorf("first problem %s", d)
	}
	last := diags[len(diags)-1]
	if want := fmt.Sprintf("%d more problems were found; only the first %d are listed", n-position.MaxProblems, position.MaxProblems); last.Message != want ||
		last.Line != 12+n {
		t.Errorf("last problem %s (line %d)", last, last.Line)
	}
}

// TestLongListsCounted: the head note of a shared runtime and a risk's
// data breach note name text.MaxListed items and count the rest; they
// listed every one.
func TestLongListsCounted(t *testing.T) {
	const n = 25
	var b strings.Builder
	b.WriteString(hostileHead)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  Asset %d:\n    id: a%d\n    type: process\n    technology: web-service-rest\n", i, i)
	}
	b.WriteString("shared_runtimes:\n  Big:\n    id: big\n    technical_assets_running:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - a%d\n", i)
	}
	b.WriteString("individual_risk_categories:\n  Cat:\n    id: cat\n    stride: spoofing\n    risks_identified:\n" +
		"      Breach:\n        severity: low\n        data_breach_probability: possible\n        data_breach_technical_assets:\n")
	for i := range n {
		fmt.Fprintf(&b, "          - a%d\n", i)
	}
	imp := importText(t, b.String())
	want := `Shared runtime "Big" (Threagile id big) runs a0, a1, a2, a3, a4, a5, a6, a7, a8, a9 and 15 more: a compromise of one may reach the others.`
	if got := notesWith(imp, "", `Shared runtime "Big"`); len(got) != 1 || got[0] != want {
		t.Errorf("runtime note %q\nwant %q", got, want)
	}
	want = `Threagile data breach probability possible (assets: "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9" and 15 more).`
	if got := notesWith(imp, "threats[THREAGILE-CAT-001]", "data breach"); len(got) != 1 || got[0] != want {
		t.Errorf("data breach note %q\nwant %q", got, want)
	}
	checkValid(t, imp)
}

// TestTrackingNotesCountedRight: keys that differ only past the label
// length read alike once cut, so their notes are one; the summary counts
// the notes written, not maxTrackingNotes (it said 30 notes where there
// was one).
func TestTrackingNotesCountedRight(t *testing.T) {
	const n = 40
	var b strings.Builder
	b.WriteString(hostileHead + "risk_tracking:\n")
	for i := range n {
		fmt.Fprintf(&b, "  some-rule@%s%d:\n    status: accepted\n    justification: ok\n", strings.Repeat("x", model.MaxLabelLength), i)
	}
	imp := importText(t, b.String())
	if got := len(notesWith(imp, "", "Threagile risk tracking some-rule@")); got != 1 {
		t.Errorf("%d verbatim notes, want 1", got)
	}
	if got := notesWith(imp, "", fmt.Sprintf("The 1 Threagile risk tracking decisions in these notes, and %d more", n-1)); len(got) != 1 {
		t.Errorf("no right summary: %q", imp.Notes[""])
	}
}

// TestShortFieldPath: a key with a line break and hundreds of characters
// gives a field path of one line cut to text.ShortWidth characters (the
// local cut kept the line break, breaking the diagnostic's line).
func TestShortFieldPath(t *testing.T) {
	key := "Two\\nlines " + strings.Repeat("y", 300)
	src := "title: t\ndata_assets:\n  Other: {id: d}\n  \"" + key + "\": {id: d}\n"
	_, diags := Import("short.yaml", []byte(src))
	if len(diags) != 1 {
		t.Fatalf("diagnostics %v", diags)
	}
	want := "data_assets[Two lines " + strings.Repeat("y", text.ShortWidth-11) + text.Ellipsis + "].id"
	if d := diags[0]; d.Field != want || strings.Contains(d.String(), "\nlines") {
		t.Errorf("field %q\nwant  %q", d.Field, want)
	}
}

// Two links of one asset whose titles differ only in case or punctuation
// have one Threagile link id: the first keeps it (a risk naming it lands
// there), and the second says so instead of silently taking it over.
func TestLinkIDsThatCollide(t *testing.T) {
	const src = `threagile_version: 1.0.0
title: colliding links
technical_assets:
  Asset A:
    id: a
    type: process
    technology: web-service-rest
    communication_links:
      Loop:
        target: a
        protocol: https
      "loop!":
        target: b
        protocol: https
  Asset B:
    id: b
    type: process
    technology: web-service-rest
individual_risk_categories:
  Cat:
    id: cat
    description: d
    stride: spoofing
    risks_identified:
      On the loop:
        severity: elevated
        most_relevant_communication_link: a>loop
`
	imp := importText(t, src)
	if len(imp.Model.Flows) != 1 || len(imp.Model.Threats) != 1 {
		t.Fatalf("%d flows, %d threats", len(imp.Model.Flows), len(imp.Model.Threats))
	}
	if th := imp.Model.Threats[0]; th.Target != "a" {
		t.Errorf("the risk went to %q; the link named a>loop first is the one from a to itself", th.Target)
	}
	fl := imp.Model.Flows[0]
	found := false
	for _, n := range imp.Notes["flows["+fl.ID+"]"] {
		found = found || strings.Contains(n, `names this link "a>loop" like an earlier link`)
	}
	if !found {
		t.Errorf("no note on %s about the shared link id: %q", fl.ID, imp.Notes["flows["+fl.ID+"]"])
	}
}

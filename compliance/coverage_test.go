package compliance

import (
	"slices"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// lockModel declares controls on the system, an element and a flow, and
// adds a company standard that one of its own controls cites.
const lockModel = `iotthreat: 1
system: {name: Lock, controls: [vulnerability-disclosure]}
vocabulary:
  controls:
    - {id: pentest, name: Yearly penetration test, description: "An outside team tests the product.", applies_to: [system], references: {acme-baseline: [AB-2]}}
  standards:
    - id: acme-baseline
      name: Acme security baseline
      items:
        - {id: AB-1, title: "Everything is inventoried"}
        - {id: AB-2, title: "Everything is tested"}
elements:
  - {id: lock, kind: device, controls: [unique-credentials, login-throttling]}
  - {id: app, kind: mobile-client}
flows:
  - {id: setup, from: app, to: lock, protocol: ble, controls: [replay-protection]}
`

func load(t *testing.T, extra string) *model.Loaded {
	t.Helper()
	src := lockModel
	if extra != "" {
		src = src[:len("iotthreat: 1\n")] + extra + src[len("iotthreat: 1\nsystem: {name: Lock, controls: [vulnerability-disclosure]}\n"):]
	}
	l, diags := model.Parse("lock.yaml", []byte(src), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return l
}

func standard(t *testing.T, c *Coverage, id string) *Standard {
	t.Helper()
	for i := range c.Standards {
		if c.Standards[i].ID == id {
			return &c.Standards[i]
		}
	}
	t.Fatalf("no standard %s", id)
	return nil
}

func item(t *testing.T, s *Standard, id string) *Item {
	t.Helper()
	for i := range s.Items {
		if s.Items[i].ID == id {
			return &s.Items[i]
		}
	}
	t.Fatalf("%s has no item %s", s.ID, id)
	return nil
}

func TestAssess(t *testing.T) {
	l := load(t, "")
	rep := &engine.Report{Findings: []engine.Finding{
		{ID: "A@lock", RuleFacts: &engine.RuleFacts{ETSI: []string{"5.1-3"}, OWASPIoT: []string{"I1"}}, Status: "open"},
		{ID: "B@lock", RuleFacts: &engine.RuleFacts{ETSI: []string{"5.1-5"}}, Status: "mitigated"},
		{ID: "C@app", RuleFacts: &engine.RuleFacts{ETSI: []string{"5.5-1", "5.5"}, NISTIR8259A: []string{"data-protection"}}, Status: "in-progress"},
		{ID: "D@app", RuleFacts: &engine.RuleFacts{ETSI: []string{"5.8-1"}}, Status: "accepted"},
	}}
	c := Assess(l, rep)
	etsi := standard(t, c, "etsi-en-303-645")

	// A finding counts on its provision and on the provision's parent,
	// once even when it cites both.
	for _, tc := range []struct {
		id       string
		findings []string
		open     int
		status   string
	}{
		{"5.1-3", []string{"A@lock"}, 1, Gap},
		{"5.1-5", []string{"B@lock"}, 0, Addressed}, // resolved and login-throttling declared
		{"5.1", []string{"A@lock", "B@lock"}, 1, Gap},
		{"5.5", []string{"C@app"}, 1, Gap},
		{"5.5-1", []string{"C@app"}, 1, Gap},
		{"5.8-1", []string{"D@app"}, 0, Addressed}, // an accepted risk is resolved
		{"5.3-13", []string{}, 0, NotCovered},
	} {
		it := item(t, etsi, tc.id)
		if !slices.Equal(it.Findings, tc.findings) || it.Open != tc.open || it.Status != tc.status {
			t.Errorf("ETSI %s: findings %v open %d status %s; want %v %d %s", tc.id, it.Findings, it.Open, it.Status, tc.findings, tc.open, tc.status)
		}
	}
	if p := item(t, etsi, "5.1-3").Parent; p != "5.1" {
		t.Errorf("5.1-3's parent is %q", p)
	}
	if p := item(t, etsi, "6-2").Parent; p != "6" {
		t.Errorf("6-2's parent is %q", p)
	}

	// A declared control is evidence on its own: unique-credentials cites
	// 5.1-1, where no finding points.
	it := item(t, etsi, "5.1-1")
	if it.Status != Addressed || len(it.Controls) != 1 || it.Controls[0].ID != "unique-credentials" || !slices.Equal(it.Controls[0].On, []string{"element lock"}) {
		t.Errorf("5.1-1: %+v", it)
	}

	// Counts cover leaf provisions only, and every status is present.
	total := 0
	for _, s := range Statuses {
		n, ok := etsi.Counts[s]
		if !ok {
			t.Errorf("no count for %s", s)
		}
		total += n
	}
	leaves := 0
	for _, it := range etsi.Items {
		if !slices.ContainsFunc(etsi.Items, func(o Item) bool { return o.Parent == it.ID }) {
			leaves++
		}
	}
	if total != leaves {
		t.Errorf("counts add up to %d, there are %d leaf provisions", total, leaves)
	}

	// Other built-in standards are read from their own finding fields.
	if it := item(t, standard(t, c, "nistir-8259a"), "data-protection"); !slices.Equal(it.Findings, []string{"C@app"}) {
		t.Errorf("NISTIR data-protection: %v", it.Findings)
	}
	if it := item(t, standard(t, c, "owasp-iot-2018"), "I1"); it.Status != Gap {
		t.Errorf("OWASP I1: %s", it.Status)
	}

	// A model's own standard is covered through its own controls.
	acme := standard(t, c, "acme-baseline")
	if it := item(t, acme, "AB-1"); it.Status != NotCovered {
		t.Errorf("AB-1: %s", it.Status)
	}
	if it := item(t, acme, "AB-2"); it.Status != NotCovered {
		t.Errorf("AB-2 without the pentest control: %s", it.Status)
	}
}

func TestModelStandardThroughItsControl(t *testing.T) {
	l := load(t, "system: {name: Lock, controls: [vulnerability-disclosure, pentest]}\n")
	acme := standard(t, Assess(l, &engine.Report{}), "acme-baseline")
	it := item(t, acme, "AB-2")
	if it.Status != Addressed || len(it.Controls) != 1 || it.Controls[0].Name != "Yearly penetration test" {
		t.Errorf("AB-2: %+v", it)
	}
	if acme.Counts[Addressed] != 1 || acme.Counts[NotCovered] != 1 {
		t.Errorf("counts %v", acme.Counts)
	}
}

func TestDeclared(t *testing.T) {
	l := load(t, "")
	got := Declared(l)
	var ids []string
	for _, d := range got {
		ids = append(ids, d.ID)
	}
	want := []string{"login-throttling", "replay-protection", "unique-credentials", "vulnerability-disclosure"}
	if !slices.Equal(ids, want) {
		t.Fatalf("declared %v, want %v", ids, want)
	}
	if !slices.Equal(got[1].On, []string{"flow setup"}) || !slices.Equal(got[3].On, []string{"system"}) {
		t.Errorf("places: %v %v", got[1].On, got[3].On)
	}
	if got[0].Name != "Login throttling" || len(got[0].References["etsi-en-303-645"]) == 0 {
		t.Errorf("login-throttling: %+v", got[0])
	}
}

// A finding that cites a provision with sub-provisions as a whole (a
// custom rule may cite "5.1") is counted on that provision, by what it
// says of it alone; citing a sub-provision as well counts only there.
func TestCountsProvisionCitedAsAWhole(t *testing.T) {
	l := load(t, "")
	leafCounts := standard(t, Assess(l, &engine.Report{}), "etsi-en-303-645").Counts
	rep := &engine.Report{Findings: []engine.Finding{
		{ID: "W@lock", RuleFacts: &engine.RuleFacts{ETSI: []string{"5.2"}}, Status: "open"},
		{ID: "X@lock", RuleFacts: &engine.RuleFacts{ETSI: []string{"5.13-1", "5.13"}}, Status: "mitigated"},
	}}
	etsi := standard(t, Assess(l, rep), "etsi-en-303-645")
	if it := item(t, etsi, "5.2"); it.Status != Gap {
		t.Fatalf("5.2: %s", it.Status)
	}
	if got, want := etsi.Counts[Gap], leafCounts[Gap]+1; got != want {
		t.Errorf("gaps: %d, want %d (5.2 cited as a whole)", got, want)
	}
	if got, want := etsi.Counts[Addressed], leafCounts[Addressed]+1; got != want {
		t.Errorf("addressed: %d, want %d (5.13-1 only, not 5.13 again)", got, want)
	}
	if got, want := etsi.Counts[NotCovered], leafCounts[NotCovered]-1; got != want {
		t.Errorf("not covered: %d, want %d", got, want)
	}
}

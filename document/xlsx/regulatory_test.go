package xlsx

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/internal/outputtest"
	"github.com/iotthreat/iotthreat/model"
)

func writeRegulatoryXLSX(t *testing.T, d *regulatory.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteRegulatory(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testDisclaimer = "Evidence prepared from the threat model; not a declaration of conformity."

// craDocument is a small hand-made CRA assessment: a gap with an
// accepted finding as residual risk, an addressed item with its control,
// and a not-applicable one with its justification.
func craDocument() *regulatory.Document {
	accepted := regulatory.FindingRef{ID: "IOT-HW-001@device", Title: "Debug port", Severity: "high", Status: "accepted", Reason: "sealed enclosure", Until: "2027-06-30"}
	mitigated := regulatory.FindingRef{ID: "IOT-FW-003@device", Title: "Unsigned updates", Severity: "critical", Status: "mitigated"}
	return &regulatory.Document{
		Kind: regulatory.CRA, Title: "Cybersecurity risk assessment (EU CRA, Regulation (EU) 2024/2847)",
		Date: "2026-01-15", Version: "test", Files: []string{"lock.yaml"}, Disclaimer: testDisclaimer,
		System:         model.System{Name: "Lock", Description: "A smart lock."},
		Product:        model.Product{IntendedPurpose: "Lock a front door.", SupportUntil: "2031-12-31", EN18031Parts: []int{1, 2}},
		ProductMissing: []string{"product.sbom"},
		Summary: []regulatory.SummaryRow{{Standard: "eu-cra-annex-i", Name: "CRA Annex I", Applicable: true,
			Counts: map[string]int{compliance.Gap: 1, compliance.Partial: 0, compliance.Addressed: 1, compliance.NotApplicable: 1}}},
		CRA: &regulatory.CRAAssessment{Items: []regulatory.CRAItem{
			{ID: "I-2d", Title: "Protection from unauthorised access", URL: "https://eur-lex.europa.eu/eli/reg/2024/2847/oj",
				Status: compliance.Gap, Reason: "1 related finding is open and nothing implements it",
				Applicability: "applies: the lock has interfaces", Residual: []regulatory.FindingRef{accepted},
				Gaps: []string{"declare an access control", "fix IOT-HW-001@device"}},
			{ID: "I-2c", Title: "Security updates", URL: "javascript:alert(1)", Status: compliance.Addressed, Reason: "implemented",
				Applicability:  "applies: the lock is updatable",
				Implementation: []compliance.DeclaredControl{{ID: "signed-firmware", On: []string{"element device", "element gateway"}}},
				Evidence:       []regulatory.FindingRef{mitigated}},
			{ID: "I-2i", Title: "Limit harm to other networks", Status: compliance.NotApplicable,
				Reason: "judged not applicable", Applicability: "Bluetooth only."},
		}},
	}
}

// en18031Document wraps the EN 18031 pre-fill of the reference model,
// read from the regulatory package's golden file (so that the workbook is
// tested on real decisions until the document's constructor is used).
func en18031Document(t *testing.T, name string) *regulatory.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "regulatory", "testdata", "en18031-"+name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var p regulatory.EN18031Prefill
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	d := &regulatory.Document{Kind: regulatory.EN18031, Title: "EN 18031 pre-fill", Date: "2026-01-15", Version: "test",
		Disclaimer: testDisclaimer, System: model.System{Name: "Acme Connected Product"}, EN18031: &p}
	for _, part := range p.Parts {
		counts := map[string]int{}
		for _, r := range part.Requirements {
			counts[r.Status]++
		}
		d.Summary = append(d.Summary, regulatory.SummaryRow{Standard: part.Standard, Name: part.Name, Applicable: part.Applicable, Reason: part.Reason, Counts: counts})
	}
	return d
}

func icsDocument() *regulatory.Document {
	return &regulatory.Document{Kind: regulatory.ETSI, Title: "ETSI EN 303 645 implementation conformance statement",
		Date: "2026-01-15", Disclaimer: testDisclaimer, System: model.System{Name: "Lock"},
		Summary: []regulatory.SummaryRow{{Standard: "etsi-en-303-645", Name: "ETSI EN 303 645", Applicable: true,
			Counts: map[string]int{regulatory.Supported: 1, regulatory.NotSupported: 1, regulatory.NotApplicable: 0}}},
		ICS: &regulatory.ConformanceStatement{Provisions: []regulatory.Provision{
			{ID: "5.1-1", Title: "No universal default passwords", Support: regulatory.Supported, Detail: "credentials unique", Controls: []string{"unique-credentials"}},
			{ID: "5.3-2", Title: "Secure update mechanism", Support: regulatory.NotSupported, Detail: "no signed firmware",
				Findings: []regulatory.FindingRef{{ID: "IOT-FW-003@device", Severity: "critical", Status: "open"}}},
		}}}
}

// rowsOf reads a sheet's rows, failing the test on error.
func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestXLSXRegulatoryCRA(t *testing.T) {
	d := craDocument()
	data := writeRegulatoryXLSX(t, d)
	f := openXLSX(t, data)
	if got, want := f.GetSheetList(), []string{"Summary", "Annex I"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows := rowsOf(t, f, "Annex I")
	want := []string{"item", "title", "status", "reason", "applicability", "implementation", "evidence", "residual risk", "gaps"}
	if !reflect.DeepEqual(rows[0], want) {
		t.Errorf("header %v, want %v", rows[0], want)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows for 3 items and a header", len(rows))
	}
	gap := rows[1]
	if gap[0] != "I-2d" || gap[2] != compliance.Gap || gap[7] != "IOT-HW-001@device (high, accepted): sealed enclosure until 2027-06-30" ||
		gap[8] != "declare an access control\nfix IOT-HW-001@device" {
		t.Errorf("gap row %q", gap)
	}
	if got := fillOf(t, f, "Annex I", "C2"); got != strings.TrimPrefix(severityFill("high"), "#") {
		t.Errorf("gap fill %q", got)
	}
	if rows[2][5] != "signed-firmware (element device, element gateway)" || rows[2][6] != "IOT-FW-003@device (critical, mitigated)" {
		t.Errorf("addressed row %q", rows[2])
	}
	if rows[3][4] != "Bluetooth only." || fillOf(t, f, "Annex I", "C4") != "eceff1" {
		t.Errorf("not-applicable row %q", rows[3])
	}
	// EUR-Lex links; a script address stays plain text.
	if ok, url, _ := f.GetCellHyperLink("Annex I", "A2"); !ok || url != d.CRA.Items[0].URL {
		t.Errorf("A2 links to %q (%v)", url, ok)
	}
	if ok, _, _ := f.GetCellHyperLink("Annex I", "A3"); ok {
		t.Error("a javascript: address became a hyperlink")
	}
	if ref := autoFilterRef(t, sheetXML(t, data, f, "Annex I")); ref != "A1:I4" {
		t.Errorf("autofilter %q", ref)
	}
	summary := rowsOf(t, f, "Summary")
	if summary[0][0] != d.Title || summary[1][0] != "Disclaimer" || summary[1][1] != testDisclaimer {
		t.Errorf("summary opens with %q", summary[:2])
	}
	facts := map[string]string{}
	for _, r := range summary {
		if len(r) >= 2 {
			facts[r[0]] = r[1]
		}
	}
	for label, v := range map[string]string{"Intended purpose": "Lock a front door.", "Support period ends": "2031-12-31",
		"SBOM": "not stated", "Product facts missing": "product.sbom", "EN 18031 parts (stated)": "1, 2"} {
		if facts[label] != v {
			t.Errorf("summary %s = %q, want %q", label, facts[label], v)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != d.Title || !strings.Contains(props.Subject, "not a declaration of conformity") || props.Created != "2026-01-15T00:00:00Z" {
		t.Errorf("properties %+v (%v)", props, err)
	}
}

// summaryRow finds the row whose first cell is label.
func summaryRow(t *testing.T, rows [][]string, label string) int {
	t.Helper()
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return i
		}
	}
	t.Fatalf("no row %q", label)
	return 0
}

func TestXLSXRegulatoryEN18031(t *testing.T) {
	d := en18031Document(t, "reference")
	data := writeRegulatoryXLSX(t, d)
	f := openXLSX(t, data)
	want := []string{"Summary", "Requirements", "Assets", "ACM", "AUM", "SUM", "SSM", "SCM", "RLM", "NMM", "TCM", "CCK", "GEC", "CRY", "LGM", "DLM", "UNM"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	// Each family sheet holds exactly the decisions of its family.
	perFamily := map[string][][]string{}
	for _, part := range d.EN18031.Parts {
		for _, a := range part.Assets {
			for _, dec := range a.Decisions {
				perFamily[dec.Family] = append(perFamily[dec.Family], []string{part.Standard, a.ID, dec.Requirement, dec.Outcome, strings.Join(dec.Facts, "\n")})
			}
		}
	}
	for fam, decisions := range perFamily {
		rows := rowsOf(t, f, fam)
		if rows[0][0] != "part" || rows[0][5] != "outcome" || rows[0][6] != "facts" {
			t.Errorf("%s header %q", fam, rows[0])
		}
		if len(rows) != len(decisions)+1 {
			t.Errorf("%s: %d rows for %d decisions", fam, len(rows)-1, len(decisions))
			continue
		}
		for i, dec := range decisions {
			r := rows[i+1]
			if r[0] != dec[0] || r[1] != dec[1] || r[3] != dec[2] || r[5] != dec[3] || r[6] != dec[4] {
				t.Errorf("%s row %d %q, want %q", fam, i+2, r, dec)
			}
			if got := fillOf(t, f, fam, cellName(6, i+2)); got != strings.TrimPrefix(fillFor(dec[3]), "#") {
				t.Errorf("%s row %d outcome %s fill %q", fam, i+2, dec[3], got)
			}
		}
	}
	// Assets: every assessed asset, then what each part leaves out.
	rows := rowsOf(t, f, "Assets")
	n := 0
	for _, part := range d.EN18031.Parts {
		n += len(part.Assets) + len(part.Excluded)
	}
	if len(rows) != n+1 || rows[1][1] != d.EN18031.Parts[0].Assets[0].ID {
		t.Errorf("%d asset rows, want %d; first %q", len(rows)-1, n, rows[1])
	}
	if i := summaryRow(t, rows, "en-18031-1"); rows[i][3] != d.EN18031.Parts[0].Assets[0].Category {
		t.Errorf("first asset row %q", rows[i])
	}
	excluded := 0
	for _, r := range rows {
		if len(r) > 3 && r[3] == "not assessed" {
			excluded++
		}
	}
	if excluded == 0 {
		t.Error("the data assets a part leaves out are not listed")
	}
	reqs := rowsOf(t, f, "Requirements")
	if total := len(d.EN18031.Parts[0].Requirements) + len(d.EN18031.Parts[1].Requirements) + len(d.EN18031.Parts[2].Requirements); len(reqs) != total+1 {
		t.Errorf("%d requirement rows, want %d", len(reqs)-1, total)
	}
	// The summary counts decisions by outcome per part.
	summary := rowsOf(t, f, "Summary")
	i := summaryRow(t, summary, "part")
	for j, part := range d.EN18031.Parts {
		if cellInt(t, f, "Summary", cellName(4, i+2+j)) != part.Counts[regulatory.Fail] {
			t.Errorf("%s fails %q, want %d", part.Standard, summary[i+1+j], part.Counts[regulatory.Fail])
		}
	}
}

func fillFor(outcome string) string {
	for _, o := range regulatoryFills {
		if o.key == outcome {
			return o.fill
		}
	}
	return ""
}

func TestXLSXRegulatoryICS(t *testing.T) {
	f := openXLSX(t, writeRegulatoryXLSX(t, icsDocument()))
	if got, want := f.GetSheetList(), []string{"Summary", "Provisions"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows := rowsOf(t, f, "Provisions")
	if !reflect.DeepEqual(rows[0], []string{"provision", "title", "support", "detail", "declared controls", "open findings"}) ||
		len(rows) != 3 || rows[2][2] != regulatory.NotSupported || rows[2][5] != "IOT-FW-003@device (critical, open)" {
		t.Errorf("provisions %q", rows)
	}
	summary := rowsOf(t, f, "Summary")
	i := summaryRow(t, summary, "standard")
	if got := summary[i][2:5]; !reflect.DeepEqual(got, []string{"supported", "not-supported", "not-applicable"}) {
		t.Errorf("summary columns %q", got)
	}
}

// Every sheet of every kind prints like the findings workbook's; the
// tables repeat their header and keep it frozen; the summary does not.
func TestXLSXRegulatoryPrintLayout(t *testing.T) {
	for _, d := range []*regulatory.Document{craDocument(), en18031Document(t, "reference-hardened"), icsDocument()} {
		f := openXLSX(t, writeRegulatoryXLSX(t, d))
		titles := map[string]string{}
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm.Print_Titles" {
				titles[dn.Scope] = dn.RefersTo
			}
		}
		for _, sheet := range f.GetSheetList() {
			pl, err := f.GetPageLayout(sheet)
			if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
				t.Errorf("%s %s: page layout %+v (%v)", d.Kind, sheet, pl, err)
			}
			if props, err := f.GetSheetProps(sheet); err != nil || props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s %s: fit to page is off", d.Kind, sheet)
			}
			if hf, err := f.GetHeaderFooter(sheet); err != nil || hf == nil || hf.OddFooter != xlsxFooter {
				t.Errorf("%s %s: footer %+v", d.Kind, sheet, hf)
			}
			if sheet == sheetSummary {
				if _, ok := titles[sheet]; ok {
					t.Errorf("%s: print titles on the summary", d.Kind)
				}
				continue
			}
			if titles[sheet] != sheetRef(sheet)+"!$1:$1" {
				t.Errorf("%s %s: print titles %q", d.Kind, sheet, titles[sheet])
			}
			if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("%s %s: header not frozen", d.Kind, sheet)
			}
		}
	}
}

// Families a model's own standard names become valid, unique sheet
// names within Excel's 31 characters, at most MaxFamilySheets of them.
func TestXLSXRegulatoryFamilyNames(t *testing.T) {
	fams := []string{"A:B/C", "acm", "ACM", "'quoted'", strings.Repeat("x", 40), "Assets", "tab\there", ""}
	for i := len(fams); i < MaxFamilySheets+5; i++ {
		fams = append(fams, "F"+string(rune('A'+i%26))+string(rune('A'+i/26)))
	}
	var decisions []regulatory.Decision
	for _, fam := range fams {
		decisions = append(decisions, regulatory.Decision{Requirement: fam + "-1", Family: fam, Outcome: regulatory.Pass, Facts: []string{"a fact"}})
	}
	d := &regulatory.Document{Kind: regulatory.EN18031, Date: "2026-01-15", EN18031: &regulatory.EN18031Prefill{Parts: []regulatory.EN18031Part{
		{Standard: "en-18031-9", Applicable: true, Assets: []regulatory.AssetAssessment{{ID: "key", Decisions: decisions}}}}}}
	f := openXLSX(t, writeRegulatoryXLSX(t, d))
	sheets := f.GetSheetList()
	if len(sheets) != 3+MaxFamilySheets+1 || sheets[len(sheets)-1] != otherFamilies {
		t.Fatalf("%d sheets: %q", len(sheets), sheets)
	}
	seen := map[string]bool{}
	for _, s := range sheets {
		if len(utf16.Encode([]rune(s))) > 31 || seen[strings.ToLower(s)] {
			t.Errorf("sheet name %q too long or not unique", s)
		}
		seen[strings.ToLower(s)] = true
	}
	if rows := rowsOf(t, f, otherFamilies); len(rows) != len(fams)-MaxFamilySheets+1 {
		t.Errorf("%d rows in %s, want %d", len(rows)-1, otherFamilies, len(fams)-MaxFamilySheets)
	}
	for name, want := range map[string]string{"ACM": "ACM", "Annex I": "'Annex I'", "a'b": "'a''b'"} {
		if got := sheetRef(name); got != want {
			t.Errorf("sheetRef(%q) = %q, want %q", name, got, want)
		}
	}
	if sheets[3] != "A-B-C" || sheets[4] != "acm" || sheets[5] != "ACM 2" || sheets[6] != "quoted" || sheets[8] != "Assets 2" {
		t.Errorf("sheet names %q", sheets[3:9])
	}
}

// Text longer than a cell holds is cut with a note; hostile text stays a
// string, never a formula.
func TestXLSXRegulatoryText(t *testing.T) {
	d := icsDocument()
	long := strings.Repeat("é🔒", 20000) // 60,000 UTF-16 units
	d.ICS.Provisions[0].Detail = long
	d.ICS.Provisions[1].Detail = outputtest.HostileTexts[2]
	d.System.Name = outputtest.HostileTexts[3]
	data := writeRegulatoryXLSX(t, d)
	f := openXLSX(t, data)
	v, _ := f.GetCellValue("Provisions", "D2")
	const note = " … [cut: a cell holds at most 32,767 characters]"
	if n := len(utf16.Encode([]rune(v))); n > excelize.TotalCellChars || n < excelize.TotalCellChars-1 ||
		!strings.HasSuffix(v, note) || !strings.HasPrefix(long, strings.TrimSuffix(v, note)) {
		t.Errorf("long detail: %d UTF-16 units, ends %q", n, v[max(0, len(v)-60):])
	}
	if v, _ := f.GetCellValue("Provisions", "D3"); v != outputtest.HostileTexts[2] {
		t.Errorf("D3 = %q", v)
	}
	for _, sheet := range f.GetSheetList() {
		if bytes.Contains(sheetXML(t, data, f, sheet), []byte("<f>")) {
			t.Errorf("the %s sheet holds a formula", sheet)
		}
	}
	if cellText("short") != "short" {
		t.Error("a short text changed")
	}
}

func TestXLSXRegulatoryDeterministic(t *testing.T) {
	d := en18031Document(t, "reference")
	first := writeRegulatoryXLSX(t, d)
	if !bytes.Equal(first, writeRegulatoryXLSX(t, d)) {
		t.Fatal("two writes of the same document differ")
	}
}

func TestXLSXRegulatoryErrors(t *testing.T) {
	for _, d := range []*regulatory.Document{nil, {Kind: "nonsense"}, {Kind: regulatory.CRA}, {Kind: regulatory.EN18031}, {Kind: regulatory.ETSI}} {
		var buf bytes.Buffer
		if err := WriteRegulatory(&buf, d); err == nil || buf.Len() != 0 {
			t.Errorf("%+v: err %v, %d bytes written", d, err, buf.Len())
		}
	}
}

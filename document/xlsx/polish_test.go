package xlsx

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
)

// TestXLSXPrintLayout checks how the workbook prints: every sheet in
// landscape, fitted to one page wide and as many tall as it takes, with a
// footer; the single-table sheets repeat their header row on every page
// and keep it frozen on screen.
func TestXLSXPrintLayout(t *testing.T) {
	doc := doctest.Reference(t)
	f := openXLSX(t, writeXLSX(t, doc))
	titles := map[string]excelize.DefinedName{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			if _, dup := titles[dn.Scope]; dup {
				t.Errorf("two print titles for %q", dn.Scope)
			}
			titles[dn.Scope] = dn
		}
	}
	for _, sheet := range []string{sheetSummary, sheetFindings, sheetChecklist, sheetCompliance} {
		t.Run(sheet, func(t *testing.T) {
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Orientation == nil || *pl.Orientation != "landscape" {
				t.Errorf("orientation %v, want landscape", deref(pl.Orientation))
			}
			if pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("fit to %v wide, %v tall; want 1 wide, 0 (as many as needed) tall", deref(pl.FitToWidth), deref(pl.FitToHeight))
			}
			// Without the sheet's fit-to-page flag, spreadsheets ignore
			// the fit-to counts and print at 100%.
			props, err := f.GetSheetProps(sheet)
			if err != nil || props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("fit to page is not on (%v)", err)
			}
			hf, err := f.GetHeaderFooter(sheet)
			if err != nil || hf == nil || hf.OddFooter != xlsxFooter {
				t.Errorf("footer %+v (%v), want %q", hf, err, xlsxFooter)
			}

			repeats := sheet == sheetFindings || sheet == sheetCompliance
			dn, ok := titles[sheet]
			switch {
			case repeats && !ok:
				t.Error("the header row is not repeated on printed pages (no print titles)")
			case repeats && dn.RefersTo != sheet+"!$1:$1":
				t.Errorf("print titles %q, want %s!$1:$1", dn.RefersTo, sheet)
			case !repeats && ok:
				t.Errorf("print titles %q on a sheet without a single header row", dn.RefersTo)
			}
			if sheet != sheetSummary {
				panes, err := f.GetPanes(sheet)
				if err != nil || !panes.Freeze || panes.YSplit != 1 {
					t.Errorf("panes %+v (%v): want the header row frozen", panes, err)
				}
			}
		})
	}
	if _, ok := titles[""]; ok {
		t.Error("print titles without a sheet scope")
	}
}

// TestXLSXProperties checks the workbook's document properties: named
// like the PDF, dated with the report's date (never the time of writing,
// which would break TestXLSXDeterministic), and made by iotthreat rather
// than the library.
func TestXLSXProperties(t *testing.T) {
	doc := doctest.Reference(t)
	f := openXLSX(t, writeXLSX(t, doc))
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	want := excelize.DocProperties{
		Title:          "Threat model: " + doc.System.Name,
		Subject:        "Threats, mitigations and compliance coverage",
		Creator:        "iotthreat " + doc.Version,
		LastModifiedBy: "iotthreat " + doc.Version,
		Created:        doc.Date + "T00:00:00Z",
		Modified:       doc.Date + "T00:00:00Z",
	}
	got := excelize.DocProperties{
		Title: p.Title, Subject: p.Subject, Creator: p.Creator, LastModifiedBy: p.LastModifiedBy,
		Created: p.Created, Modified: p.Modified,
	}
	if got != want {
		t.Errorf("document properties\n got  %+v\n want %+v", got, want)
	}
	app, err := f.GetAppProps()
	if err != nil || app.Application != "iotthreat" {
		t.Errorf("application %q (%v), want iotthreat", app.Application, err)
	}

	// Without a version the creator is plain "iotthreat", without a
	// trailing space.
	f = openXLSX(t, writeXLSX(t, &document.Document{Date: "2026-01-15", Matrix: map[string]map[string]int{}}))
	if p, err := f.GetDocProps(); err != nil || p.Creator != "iotthreat" {
		t.Errorf("creator %q (%v) without a version, want iotthreat", p.Creator, err)
	}
}

// TestXLSXStatusFills: a compliance gap is coloured like a high finding
// and an addressed provision like "nothing open", from the one palette.
func TestXLSXStatusFills(t *testing.T) {
	if statusFills[compliance.Gap] != severityFill("high") || statusFills[compliance.Addressed] != severityFill("none") {
		t.Errorf("status fills %v do not follow render.SeverityColors", statusFills)
	}
	for _, s := range compliance.Statuses {
		if statusFills[s] == "" {
			t.Errorf("no fill for compliance status %q", s)
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

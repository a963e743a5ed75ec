package xlsx

import (
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/document/regulatory"
)

// MaxFamilySheets is the most requirement-family sheets an EN 18031
// workbook has; the decisions of further families (only a model's own
// standard can have more than the fourteen of EN 18031) go to one
// "Other families" sheet, so that a hostile standard cannot make
// thousands of sheets.
const MaxFamilySheets = 40

// familySheet is one family sheet: its name and the families it holds.
type familySheet struct {
	sheet    string
	families map[string]bool
}

// familySheets lists the family sheets of a pre-fill: one per family
// that has a decision, in the order the parts list their requirements,
// named by the family (ACM, AUM, …) made a valid, unique sheet name.
func familySheets(p *regulatory.EN18031Prefill) []familySheet {
	var order []string
	seen := map[string]bool{}
	for _, part := range p.Parts {
		for _, a := range part.Assets {
			for _, d := range a.Decisions {
				if !seen[d.Family] {
					seen[d.Family] = true
					order = append(order, d.Family)
				}
			}
		}
	}
	taken := []string{sheetSummary, "Requirements", "Assets", "History", otherFamilies}
	var out []familySheet
	for i, fam := range order {
		if i >= MaxFamilySheets {
			if i == MaxFamilySheets {
				out = append(out, familySheet{sheet: otherFamilies, families: map[string]bool{}})
			}
			out[len(out)-1].families[fam] = true
			continue
		}
		name := uniqueSheetName(sheetName(fam), taken)
		taken = append(taken, name)
		out = append(out, familySheet{sheet: name, families: map[string]bool{fam: true}})
	}
	return out
}

const otherFamilies = "Other families"

// sheetName makes a family id a valid sheet name: the characters Excel
// refuses (: \ / ? * [ ]) and control characters become '-', quotes at
// either end go, and the name is cut to 28 characters, leaving room for
// a suffix that makes it unique.
func sheetName(fam string) string {
	var b strings.Builder
	n := 0
	for _, r := range fam {
		if n == 28 {
			break
		}
		if strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 || r == 0x7f || r >= 0x10000 {
			r = '-'
		}
		b.WriteRune(r)
		n++
	}
	name := strings.Trim(b.String(), "' ")
	if name == "" {
		name = "family"
	}
	return name
}

// uniqueSheetName adds " 2", " 3" … to a name that is taken (sheet names
// are compared without regard to case).
func uniqueSheetName(name string, taken []string) string {
	free := func(s string) bool {
		for _, t := range taken {
			if strings.EqualFold(s, t) {
				return false
			}
		}
		return true
	}
	if free(name) {
		return name
	}
	for i := 2; ; i++ {
		if s := name + " " + strconv.Itoa(i); free(s) {
			return s
		}
	}
}

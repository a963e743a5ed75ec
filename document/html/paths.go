package html

import "github.com/iotthreat/iotthreat/document"

// pathLinks marks the findings the "Attack paths" section may link to:
// those written out in full (Document.Detailed), which have an anchor.
// A step whose finding is only listed in the table names it unlinked.
func (v *htmlView) pathLinks() {
	v.Linkable = map[string]bool{}
	used := map[string]bool{}
	for _, p := range v.D.Paths.Paths {
		for _, s := range p.Steps {
			used[s.Finding] = s.Finding != ""
		}
	}
	for i := range v.D.Findings[:v.D.Detailed] {
		if id := v.D.Findings[i].ID; used[id] {
			v.Linkable[id] = true
		}
	}
}

// pathCount is the text of the table of contents' entry, for a reader
// deciding where to start: "Attack paths (3 critical)".
func pathCount(a document.AttackPaths) string {
	if a.Critical > 0 {
		return "Attack paths (" + document.Thousands(a.Critical) + " critical)"
	}
	return "Attack paths"
}

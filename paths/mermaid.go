package paths

import (
	"fmt"
	"io"
	"strings"
)

// MaxMermaidPaths is how many paths a Mermaid diagram draws: renderers
// (GitHub's included) refuse or lay out badly graphs much larger.
const MaxMermaidPaths = 20

// Mermaid writes the worst paths as one Mermaid flowchart: a node per
// position, an edge per step labelled with its finding or fact. Steps
// shared by several paths are drawn once.
func Mermaid(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	ew.printf("flowchart LR\n")
	ids := map[string]string{}
	nodeID := func(n string) string {
		if id, ok := ids[n]; ok {
			return id
		}
		id := fmt.Sprintf("n%d", len(ids))
		ids[n] = id
		shape := "[\"%s\"]"
		switch {
		case entryKind(n) != "":
			shape = "([\"%s\"])"
		}
		ew.printf("  %s"+shape+"\n", id, mermaidText(n))
		return id
	}
	drawn := map[string]bool{}
	shown := r.Paths[:min(len(r.Paths), MaxMermaidPaths)]
	for _, p := range shown {
		for _, s := range p.Steps {
			from, to := nodeID(s.From), nodeID(s.To)
			label := s.Finding
			if label == "" {
				label = s.Fact
			}
			key := from + ">" + to + "|" + label
			if drawn[key] {
				continue
			}
			drawn[key] = true
			ew.printf("  %s -->|\"%s\"| %s\n", from, mermaidText(label), to)
		}
		target := nodeID("target " + p.Target)
		last := nodeID(p.Steps[len(p.Steps)-1].To)
		if key := last + ">" + target; !drawn[key] {
			drawn[key] = true
			ew.printf("  %s -.->|%s| %s\n", last, p.Risk, target)
		}
	}
	if len(r.Paths) > len(shown) {
		ew.printf("  %%%% %d of %d paths drawn\n", len(shown), len(r.Paths))
	}
	return ew.err
}

// mermaidText makes text safe inside a quoted Mermaid label: quotes and
// markup characters become entity codes.
func mermaidText(s string) string {
	r := strings.NewReplacer("\"", "#quot;", "<", "#lt;", ">", "#gt;", "|", "#124;", "\n", " ", "`", "#96;")
	return r.Replace(s)
}

package modeldiff

import (
	"encoding/json"
	"io"
)

// JSON writes the diff as indented JSON, the Diff structure: every field
// present, lists never null, keys in a fixed order.
//
//	{
//	  "old": {"source": "HEAD~1:model.yaml", "system": "…", "summary": {…}},   // engine.Summary
//	  "new": {"source": "model.yaml", "system": "…", "summary": {…}},
//	  "summary": {"new_findings": 1, "resolved_findings": 2, "changed_findings": 2,
//	              "model_added": 4, "model_removed": 2, "model_changed": 5,
//	              "new_paths": 1, "closed_paths": 3},
//	  "findings": {
//	    "new": [Finding…],       // the new report's findings, as analyze --format json
//	    "resolved": [Finding…],  // the old report's findings
//	    "changed": [{"id", "title", "target", "fields": ["severity", "status"],
//	                 "old": {"severity", "likelihood", "impact", "status"}, "new": {…}, "why": […]}]
//	  },
//	  "model": {
//	    "system": [FieldChange…],
//	    "product": [FieldChange…],
//	    "attack_paths": [FieldChange…],
//	    "data" | "boundaries" | "elements" | "flows" | "tracking" | "rules" | "threats":
//	      {"added": [id…], "removed": [id…], "changed": [{"id", "fields": [FieldChange…]}]}
//	  },
//	  "paths": {"new": [Path…], "closed": [Path…]}   // attack paths by stable id, as paths --format json
//	}
//
// where a FieldChange is {"field", "old", "new", "added", "removed"} (see
// FieldChange). Findings lists are sorted worst first, then by id; model
// ids are sorted; fields come in model-format order.
func JSON(w io.Writer, d *Diff) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

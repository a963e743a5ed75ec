package paths

import (
	"encoding/json"
	"io"
)

// JSON writes the result as the paths contract: {"paths": [{"id",
// "entry", "target", "risk", "steps": [{"from", "to", "finding", "fact",
// "reason", "location"}]}]}, plus the fields Result documents. Every field
// is always present, and lists are [] rather than null.
func JSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

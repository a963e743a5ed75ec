package report

import (
	"encoding/json"
	"io"

	"github.com/iotthreat/iotthreat/engine"
)

// JSON writes the report as indented JSON, exactly the findings contract
// of engine.Report: every field present, lists never null.
func JSON(w io.Writer, rep *engine.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

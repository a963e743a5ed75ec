package regulatory

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the document as indented JSON for other tools: every
// field present, lists never null, maps in key order, so that the same
// model gives the same bytes. The diagram and the full findings are not
// in it (the findings report's JSON has them); findings are cited by id,
// title, severity, status and source.
func WriteJSON(w io.Writer, d *Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

package interchange

import (
	"fmt"

	"github.com/iotthreat/iotthreat/diag"
)

// ModelTooLarge reports, at the start of file, a converted model of size
// bytes larger than a model file may be (MaxInputBytes), or returns nil.
// A source can be far smaller than its model: an empty threat ({}) in a
// Threat Dragon file, a Threagile risk or an OTM reference to a long
// catalogue entry each become an item of hundreds of bytes with its
// notes. Such a model is refused as a property of the file, not written
// for no command to load it, nor reported as a bug in the importer. It is
// checked once, on the model's YAML as written (modelyaml.Marshal), for
// every importer.
func ModelTooLarge(file string, size int) diag.List {
	if size <= MaxInputBytes {
		return nil
	}
	var diags diag.List
	diags.Add(diag.Pos{File: file, Line: 1, Column: 1}, "",
		"split the source into several smaller models, or leave out what the threat model does not need",
		"the converted model would be %s, more than the %s a model file may be", mib(size), mib(MaxInputBytes))
	return diags
}

// mib words a size in mebibytes ("64.0 MiB"), or in bytes below one.
func mib(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

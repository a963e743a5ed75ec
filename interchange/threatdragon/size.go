package threatdragon

import (
	"fmt"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
)

// Bounds of the estimate sizeBound makes; see there.
const (
	itemBytes = 1024 // what one item writes beyond the text it copies from the file
	noteBytes = 2    // times a note's length: its "# " and line breaks, generously
)

// checkSize refuses a conversion whose model would be larger than a
// model file may be (interchange.MaxInputBytes): the import would write
// a file that no command loads. Threat Dragon's threats and flows may be
// a few bytes each ({} is a threat) yet each becomes an item of a few
// hundred bytes with its notes, so a file well under the limit can
// convert to a model over it. A cheap bound decides whether the model
// is measured at all, so an ordinary file is not written twice.
func (c *converter) checkSize() {
	if sizeBound(c.imp, len(c.data)) <= interchange.MaxInputBytes {
		return
	}
	out, err := modelyaml.Marshal(c.imp)
	if err != nil || len(out) <= interchange.MaxInputBytes {
		return // an error is reported where the model is written
	}
	c.diags.Add(c.where.At(firstValue(c.data, 0)), "", "split the model into several files, or remove threats and flows",
		"the converted model would be %s, more than the %s a model file may be", mib(len(out)), mib(interchange.MaxInputBytes))
}

// sizeBound is more than the bytes the model's YAML can take: each item
// writes what it copies from the file (at most the file) and a bounded
// rest (ids, kinds, fixed words), and the notes their text.
func sizeBound(imp *interchange.Import, input int) int {
	m := imp.Model
	n := input + itemBytes*(len(m.Elements)+len(m.Flows)+len(m.Boundaries)+len(m.Threats)+len(m.Tracking)+len(m.Data)+1)
	for _, notes := range imp.Notes {
		for _, s := range notes {
			n += noteBytes * (len(s) + 8)
		}
	}
	return n
}

// mib words a size in mebibytes: "64.0 MiB".
func mib(n int) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

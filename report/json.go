package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/iotthreat/iotthreat/engine"
)

// JSON writes the report as indented JSON, exactly the findings contract
// of engine.Report: every field present, lists never null. It streams one
// finding at a time: encoding/json would build the whole document, then
// an indented copy of it, which for a 10,000-element model is over a
// gigabyte; findings are encoded without reflection (appendFinding). The
// bytes are those json.Encoder with two-space indent and no HTML escaping
// writes (tested).
func JSON(w io.Writer, rep *engine.Report) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	jw := &jsonWriter{w: bw}
	jw.raw("{\n")
	jw.field("system", rep.System, "  ", false)
	jw.raw(`  "findings": `)
	if len(rep.Findings) == 0 {
		jw.raw("[]")
	} else {
		jw.raw("[\n")
		for i := range rep.Findings {
			jw.raw("    ")
			jw.finding(&rep.Findings[i], "    ")
			if i < len(rep.Findings)-1 {
				jw.raw(",")
			}
			jw.raw("\n")
		}
		jw.raw("  ]")
	}
	jw.raw(",\n")
	jw.field("summary", rep.Summary, "  ", false)
	jw.field("orphaned_tracking", rep.Orphaned, "  ", true)
	jw.raw("}\n")
	if jw.err != nil {
		return jw.err
	}
	return bw.Flush()
}

// jsonWriter writes JSON piece by piece and keeps the first error.
type jsonWriter struct {
	w       *bufio.Writer
	buf     bytes.Buffer
	scratch []byte
	rules   ruleMembers // the findings' rule members, encoded once per rule
	lists   sharedLists // the string lists findings share, encoded once each
	err     error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// field writes `prefix"name": value` and a comma unless it is the last.
func (j *jsonWriter) field(name string, v any, prefix string, last bool) {
	j.raw(prefix + `"` + name + `": `)
	j.value(v, prefix)
	if last {
		j.raw("\n")
	} else {
		j.raw(",\n")
	}
}

// finding writes one finding with the hand-written encoder.
func (j *jsonWriter) finding(f *engine.Finding, prefix string) {
	if j.err != nil {
		return
	}
	if j.rules == nil {
		j.rules = ruleMembers{}
		j.lists = sharedLists{}
	}
	j.scratch = appendFinding(j.scratch[:0], f, prefix, j.rules, j.lists)
	_, j.err = j.w.Write(j.scratch)
}

// value writes v indented as if it started on a line with this prefix.
func (j *jsonWriter) value(v any, prefix string) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if j.err = enc.Encode(v); j.err != nil {
		return
	}
	out := j.buf.Bytes()
	_, j.err = j.w.Write(out[:len(out)-1]) // Encode ends with a newline
}

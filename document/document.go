package document

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/reveal"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/render"
)

// MaxDiagramElements is the largest model whose diagram a document embeds.
// Beyond it the layout takes seconds and the picture is unreadable at page
// size; the document says so and points at `iotthreat diagram --focus`.
const MaxDiagramElements = 600

// DefaultMaxDetailed is how many findings, the worst first, a document
// writes out in full unless told otherwise. Every finding is still listed
// (in the HTML table, the workbook and the CSV); beyond a few thousand
// entries a report stops being read and only grows: the PDF of a
// 1,000-element model would run to thousands of pages.
const DefaultMaxDetailed = 2000

// Options choose what a document holds.
type Options struct {
	// Version is the tool version printed on the report.
	Version string
	// Date is the report date, YYYY-MM-DD; "" means today. Tests fix it so
	// that golden files do not change daily.
	Date string
	// NoDiagram leaves the diagram out.
	NoDiagram bool
	// MaxDetailed caps the findings written out in full (Document.Detailed):
	// 0 means DefaultMaxDetailed, a negative number means all of them.
	MaxDetailed int
	// Facts are the model's derived facts when the caller has them (an
	// analysis run with analysis.Options.KeepFacts); nil derives them.
	Facts *engine.Facts
}

// Document is what the reports people read (HTML, PDF, XLSX) show, worked
// out once so that every format says the same thing: the summary, the
// diagram, the findings, a section per element, the mitigation checklist
// and compliance coverage.
type Document struct {
	System   model.System
	Date     string
	Version  string
	Files    []string // the model files, root first
	Summary  engine.Summary
	Findings []engine.Finding // worst first, as the engine sorts them
	// Detailed is how many findings, from the first, are written out in
	// full. The HTML lists the rest by id, severity, status and title; the
	// PDF only counts them, since listing every finding of a huge model
	// would run to hundreds of pages.
	Detailed int
	// Matrix counts findings by severity (outer key) and status.
	Matrix map[string]map[string]int
	// ByStride counts open findings by STRIDE category.
	ByStride   map[string]int
	Sections   []Section
	Checklist  []ChecklistItem
	Unguided   []int // findings no known control mitigates
	Compliance *compliance.Coverage
	Orphaned   []engine.OrphanedEntry
	// Paths are the worst attack paths and the choke points (paths.go).
	Paths AttackPaths
	// DiagramSVG is the laid-out diagram, or nil with DiagramNote saying
	// why it is missing.
	DiagramSVG  []byte
	DiagramNote string
}

// Section is an element (or the system as a whole) with its threats.
type Section struct {
	ID           string // element id; "" for the system-wide section
	Name         string
	Kind         string
	Description  string
	Boundary     string
	Source       engine.Source
	Worst        string // worst severity among open findings; "" when none open
	Open         int
	Findings     []int // indexes into Document.Findings: the element's own threats
	FlowFindings []int // threats on flows the element sends or receives
}

// ChecklistItem is one control with the findings it would mitigate: the
// to-do list, most valuable first.
type ChecklistItem struct {
	ID          string
	Name        string
	Description string
	Declared    []string // where the model declares it; empty when not declared
	Findings    []int    // indexes into Document.Findings
	Open        int      // of those, open or in progress
	Weight      int      // sum over open findings of severity rank + 1: the ordering key
	// Breaks says, for each choke point the control is part of, which
	// attack paths declaring it breaks ("declare X on Y: breaks N of M
	// paths"); empty when it is in none.
	Breaks []string
}

// New works out a document from a loaded model and its analysis.
func New(l *model.Loaded, rep *engine.Report, opts Options) (*Document, error) {
	d := &Document{
		System:     l.Model.System,
		Date:       opts.Date,
		Version:    opts.Version,
		Files:      l.Model.Files,
		Summary:    rep.Summary,
		Findings:   rep.Findings,
		Matrix:     map[string]map[string]int{},
		ByStride:   map[string]int{},
		Compliance: compliance.Assess(l, rep),
		Orphaned:   rep.Orphaned,
	}
	if d.Date == "" {
		d.Date = time.Now().Format("2006-01-02")
	}
	switch d.Detailed = len(d.Findings); {
	case opts.MaxDetailed == 0:
		d.Detailed = min(d.Detailed, DefaultMaxDetailed)
	case opts.MaxDetailed > 0:
		d.Detailed = min(d.Detailed, opts.MaxDetailed)
	}
	for _, sev := range engine.Levels {
		d.Matrix[sev] = map[string]int{}
		for _, st := range engine.Statuses {
			d.Matrix[sev][st] = 0
		}
	}
	for i := range d.Findings {
		f := &d.Findings[i]
		if d.Matrix[f.Severity] == nil {
			d.Matrix[f.Severity] = map[string]int{}
		}
		d.Matrix[f.Severity][f.Status]++
		if compliance.IsOpen(f) {
			for _, s := range f.STRIDE {
				d.ByStride[s]++
			}
		}
	}
	d.Sections = sections(l, d.Findings)
	d.Checklist, d.Unguided = checklist(l, d.Findings)
	d.addPaths(l, opts.Facts, rep)
	if err := d.addDiagram(l, rep, opts); err != nil {
		return nil, err
	}
	// Hidden characters (U+202E and its kin) are shown as <U+202E> in
	// every format, as in the text outputs: a reviewer reading a report
	// must see that a name or a reason holds them. The report itself is
	// left as it was. Walking the whole document costs three times as
	// long as working it out (310 ms at 10,000 elements), so it is walked
	// only when some text may hold one (see MayHide).
	if MayHide(l, rep) {
		revealed := reveal.Deep(*d)
		d = &revealed
	}
	return d, nil
}

// MayHide reports whether any text a document shows may hold a hidden
// character, so that a document built from l and rep need be walked with
// reveal.Deep only then. The document's text comes from the model, whose every string
// validation checks and warns about (l.Warnings), from the rules (a
// finding's title, description and mitigations; rules passed with --rules
// are not part of the model), and from the engine, which composes its
// reasons from the model's names. Warnings of any kind count: walking
// when not needed costs time, never correctness.
func MayHide(l *model.Loaded, rep *engine.Report) bool {
	if len(l.Warnings) > 0 {
		return true
	}
	seen := map[string]bool{}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if seen[f.Rule] {
			continue
		}
		seen[f.Rule] = true
		texts := append([]string{f.Title, f.Description}, f.Mitigations...)
		for _, s := range texts {
			if reveal.String(s) != s {
				return true
			}
		}
	}
	return false
}

// DetailNote says, when not every finding is written out in full, which
// ones are and where the rest are; "" when all are. It is the HTML's
// note, which lists the rest; the PDF, which only counts them, says so
// with its own note (package document/pdf).
func (d *Document) DetailNote() string {
	if d.Detailed >= len(d.Findings) {
		return ""
	}
	return fmt.Sprintf("This report writes out the %s most severe of %s findings in full; the others are listed by title. The CSV, XLSX and JSON outputs hold every finding in full (report --detail 0 writes them all out here too).",
		Thousands(d.Detailed), Thousands(len(d.Findings)))
}

func (d *Document) addDiagram(l *model.Loaded, rep *engine.Report, opts Options) error {
	svg, note, err := Diagram(l, rep, opts.NoDiagram)
	d.DiagramSVG, d.DiagramNote = svg, note
	return err
}

// Diagram lays out the model's diagram as a document embeds it, or
// returns nil and a note saying why it is left out: by the caller
// (leaveOut, for --no-diagram or formats that show no diagram), or
// because the model is more than a page can show. Every document (the
// findings report, the regulatory evidence documents) shows the same
// picture and the same notes. The error is a layout failure.
func Diagram(l *model.Loaded, rep *engine.Report, leaveOut bool) (svg []byte, note string, err error) {
	switch n := len(l.Model.Elements); {
	case leaveOut:
		return nil, "The diagram was left out of this report (--no-diagram).", nil
	case n > MaxDiagramElements:
		return nil, fmt.Sprintf("The model has %d elements, more than a page can show (%d); draw parts of it with `iotthreat diagram --focus ELEMENT`.", n, MaxDiagramElements), nil
	}
	var buf bytes.Buffer
	var tooLarge *render.LayoutTooLargeError
	if err := render.SVG(&buf, l, rep, render.Options{}); errors.As(err, &tooLarge) {
		return nil, fmt.Sprintf("The model's %d flow lines are more than a page can show; draw parts of it with `iotthreat diagram --focus ELEMENT`.", tooLarge.Lines), nil
	} else if err != nil {
		return nil, "", fmt.Errorf("diagram: %w", err)
	}
	return buf.Bytes(), "", nil
}

// sections groups findings by element, in model order, after a
// system-wide section for findings on the system, boundaries and data.
func sections(l *model.Loaded, findings []engine.Finding) []Section {
	byID := map[string]int{}
	out := []Section{{Name: "System-wide", Kind: "system", Description: "Threats to the system, its trust boundaries and its data as a whole."}}
	for _, e := range l.Model.Elements {
		byID[e.ID] = len(out)
		out = append(out, Section{
			ID: e.ID, Name: nameOr(e.Name, e.ID), Kind: e.Kind, Description: e.Description,
			Boundary: e.Boundary, Source: engine.Source{File: e.Src.Pos.File, Line: e.Src.Pos.Line},
		})
	}
	ends := map[string][2]string{}
	for _, f := range l.Model.Flows {
		ends[f.ID] = [2]string{f.From, f.To}
	}
	for i := range findings {
		f := &findings[i]
		switch f.Target.Type {
		case "element":
			if s, ok := byID[f.Target.ID]; ok {
				out[s].Findings = append(out[s].Findings, i)
				continue
			}
		case "flow":
			if e, ok := ends[f.Target.ID]; ok {
				for j, end := range e {
					if s, ok := byID[end]; ok && (j == 0 || e[1] != e[0]) {
						out[s].FlowFindings = append(out[s].FlowFindings, i)
					}
				}
				continue
			}
		}
		out[0].Findings = append(out[0].Findings, i)
	}
	for i := range out {
		s := &out[i]
		for _, fi := range append(append([]int{}, s.Findings...), s.FlowFindings...) {
			f := &findings[fi]
			if !compliance.IsOpen(f) {
				continue
			}
			s.Open++
			if s.Worst == "" || engine.LevelRank(f.Severity) > engine.LevelRank(s.Worst) {
				s.Worst = f.Severity
			}
		}
	}
	return out
}

// checklist groups findings by the controls that mitigate them and orders
// the controls by how much open risk each would retire.
func checklist(l *model.Loaded, findings []engine.Finding) ([]ChecklistItem, []int) {
	declared := map[string][]string{}
	for _, dc := range compliance.Declared(l) {
		declared[dc.ID] = dc.On
	}
	byID := map[string]*ChecklistItem{}
	var unguided []int
	for i := range findings {
		f := &findings[i]
		if len(f.Controls) == 0 {
			unguided = append(unguided, i)
			continue
		}
		for _, id := range f.Controls {
			it := byID[id]
			if it == nil {
				it = &ChecklistItem{ID: id, Name: id, Declared: declared[id]}
				if c, ok := l.Vocab.Control(id); ok {
					it.Name, it.Description = c.Name, c.Description
				}
				byID[id] = it
			}
			it.Findings = append(it.Findings, i)
			if compliance.IsOpen(f) {
				it.Open++
				it.Weight += engine.LevelRank(f.Severity) + 1
			}
		}
	}
	out := make([]ChecklistItem, 0, len(byID))
	for _, it := range byID {
		out = append(out, *it)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		if len(out[i].Findings) != len(out[j].Findings) {
			return len(out[i].Findings) > len(out[j].Findings)
		}
		return out[i].ID < out[j].ID
	})
	return out, unguided
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

package tm7

import (
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// Format is the Microsoft Threat Modeling Tool's .tm7 file, for the
// import command. There is no export: the tool's file carries its
// template and threat generation state, which iotthreat cannot write.
var Format = interchange.Format{
	Name:       "tm7",
	Title:      "Microsoft Threat Modeling Tool .tm7",
	Extensions: []string{".tm7"},
	Import:     ImportWith,
}

// Import converts a .tm7 file to a model with the default options.
func Import(file string, data []byte) (*interchange.Import, diag.List) {
	return ImportWith(file, data, interchange.Options{})
}

// ImportWith is Import with the importing person's options: a mapping
// file (--map) decides the kinds of the shapes and boxes whose stencil
// type id, stencil name or name its rules match, before the built-in
// guesses.
func ImportWith(file string, data []byte, opts interchange.Options) (*interchange.Import, diag.List) {
	root, diags := parseXML(file, data)
	if len(diags) > 0 {
		return nil, diags
	}
	doc, diags := read(file, data, root)
	if len(diags) > 0 {
		return nil, diags
	}
	c := &converter{doc: doc, v: vocab.Builtin(), ids: text.NewIDs(), nodes: map[string]*elem{},
		boxByID: map[string]*box{}, flows: map[string]*flow{}, mapping: opts.Map}
	c.imp = interchange.New(systemName(doc), "the Microsoft Threat Modeling Tool ("+file+")")
	c.system()
	c.elements()
	c.boxes()
	c.indexFlows()
	c.fitKinds()
	c.fitPeople()
	c.place()
	c.flowList()
	c.crossings()
	c.threats()
	return c.imp, nil
}

const defaultName = "Imported Threat Modeling Tool model"

func systemName(doc *document) string {
	if name, _ := text.Label(doc.meta.str("ThreatModelName")); name != "" {
		return name
	}
	return defaultName
}

// system carries the model's description, owner and other facts of its
// MetaInformation.
func (c *converter) system() {
	m, meta := c.imp.Model, c.doc.meta
	if m.System.Name == defaultName {
		c.imp.Note("", "The Threat Modeling Tool model has no name: the system is named %q.", defaultName)
	}
	if owner, cutOff := text.Label(meta.str("Owner")); owner != "" {
		m.System.Owner = owner
		if cutOff {
			c.imp.Note("", "The owner was shortened to %d characters.", model.MaxLabelLength)
		}
	}
	if desc, cutOff := prose(meta.str("HighLevelSystemDescription")); desc != "" {
		m.System.Description = desc
		if cutOff {
			c.imp.Note("", "The description was shortened to %d characters.", model.MaxProseLength)
		}
	}
	for _, f := range []struct{ key, what string }{{"Assumptions", "Assumptions"}, {"ExternalDependencies", "External dependencies"},
		{"Contributors", "Contributors"}, {"Reviewer", "Reviewer"}} {
		if s, _ := prose(meta.str(f.key)); s != "" {
			c.imp.Note("", "%s in the Threat Modeling Tool: %s", f.what, s)
		}
	}
	if c.doc.notes > 0 {
		c.imp.Note("", "The file's %d %s not imported.", c.doc.notes, plural(c.doc.notes, "note is", "notes are"))
	}
}

package interchange

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// A mapping file (import --map) tells the importers which element and
// boundary kind another tool's free-text component and zone types, and
// its names, become, where the built-in guesses by word are wrong for a
// team's catalogue:
//
//	elements:
//	  "aws-lambda": support-service
//	  "*sensor*": device
//	boundaries:
//	  "Public Cloud": vendor-cloud
//
// Each key is a pattern, compared with a type or a name ignoring case,
// in which * stands for any run of characters (none included); each value
// is a kind of the built-in vocabulary. Rules are tried in file order and
// the first whose pattern matches the item's type or name wins (see
// Mapping.Element).

// Bounds on a mapping file. It is written by hand and holds tens of
// rules; the bounds keep a file built to slow the import from doing so:
// each item of the imported file is compared with every rule, so the
// work is items × rules × text length, and each bound caps one factor.
const (
	// MaxMappingBytes bounds the file: a thousand rules take 50 KiB.
	MaxMappingBytes = 1 << 20
	// MaxMappingRules bounds the rules of each section.
	MaxMappingRules = 1000
	// MaxPatternLength bounds one pattern, in bytes.
	MaxPatternLength = 256
	// MaxMatchedText bounds the type or name a rule is compared with, in
	// bytes: a longer one (no real type or name is) matches no rule and
	// the built-in guess applies, so that a source file of long names
	// cannot make each comparison cost its length.
	MaxMatchedText = 1024
)

// mappingLimits are the parse bounds of a mapping file: a flat file of
// two mappings needs three levels and two nodes per rule.
var mappingLimits = strictyaml.Limits{MaxBytes: MaxMappingBytes, MaxNodes: 4*MaxMappingRules + 16, MaxDepth: 8, TextFactor: 2, TextSlack: 64 << 10}

// Mapping is a parsed mapping file. A nil *Mapping maps nothing, so
// importers call its methods without checking.
type Mapping struct {
	// File is the mapping file's path as given, for notes and messages.
	File       string
	Elements   []Rule
	Boundaries []Rule
	// What the import asked, for Unused: whether it asked at all, and
	// which rules decided a kind.
	consulted bool
	used      map[*Rule]bool
}

// Rule is one line of a mapping file.
type Rule struct {
	Pattern string   // as written
	Kind    string   // an element or boundary kind of the built-in vocabulary
	Pos     diag.Pos // of the pattern in the file
	lower   []string // the pattern lower-cased, split at each *
}

// Subject is a piece of text an importer offers a mapping: What says
// what it is in the source ("OTM type", "name"), for the note.
type Subject struct{ What, Text string }

// Match is the rule that decided a kind and what it matched.
type Match struct {
	Kind    string
	Rule    Rule
	Subject Subject
	file    string
}

// Why says where the kind came from, for an import note: "from the
// mapping file map.yaml (rule "*sensor*" on line 3 matched its OTM type
// "iot-sensor")".
func (m Match) Why() string {
	return fmt.Sprintf("from the mapping file %s (rule %q on line %d matched its %s %q)",
		filepath.Base(m.file), m.Rule.Pattern, m.Rule.Pos.Line, m.Subject.What, m.Subject.Text)
}

// Element returns the element kind of the first rule that matches one
// of subjects (rules in file order, each tried on the subjects in the
// order given); ok is false when none does or m is nil.
func (m *Mapping) Element(subjects ...Subject) (Match, bool) {
	if m == nil {
		return Match{}, false
	}
	return m.match(m.Elements, subjects)
}

// Boundary is Element for boundary kinds.
func (m *Mapping) Boundary(subjects ...Subject) (Match, bool) {
	if m == nil {
		return Match{}, false
	}
	return m.match(m.Boundaries, subjects)
}

func (m *Mapping) match(rules []Rule, subjects []Subject) (Match, bool) {
	m.consulted = true
	if len(rules) == 0 {
		return Match{}, false
	}
	lower := make([]string, len(subjects))
	for i, s := range subjects {
		if t := strings.TrimSpace(s.Text); t != "" && len(t) <= MaxMatchedText {
			lower[i] = strings.ToLower(t)
		}
	}
	for j := range rules {
		r := &rules[j]
		for i, text := range lower {
			if text != "" && globMatch(r.lower, text) {
				if m.used == nil {
					m.used = map[*Rule]bool{}
				}
				m.used[r] = true
				return Match{Kind: r.Kind, Rule: *r, Subject: subjects[i], file: m.File}, true
			}
		}
	}
	return Match{}, false
}

// Unused warns, after an import, of each rule that decided no kind (a
// misspelt pattern, or one that an earlier rule always beats), or of the
// whole file when the importer never consulted it (its format's kinds
// are exact).
func (m *Mapping) Unused(format string) diag.List {
	var out diag.List
	if m == nil {
		return nil
	}
	if !m.consulted {
		out = append(out, diag.Warn(diag.Pos{File: m.File, Line: 1, Column: 1}, "", "",
			"the %s importer takes every kind from the file itself; the mapping file was not used", format))
		return out
	}
	for _, sec := range []struct {
		name  string
		rules []Rule
	}{{"elements", m.Elements}, {"boundaries", m.Boundaries}} {
		for i := range sec.rules {
			if r := &sec.rules[i]; !m.used[r] {
				out = append(out, diag.Warn(r.Pos, sec.name+"["+clip(r.Pattern)+"]",
					"check the pattern against the types and names in the file; an earlier rule may match first",
					"the rule decided no kind in this import"))
			}
		}
	}
	return out
}

// globMatch says whether text matches the pattern split at its stars
// (parts[0] before the first star, and so on; one part means no star).
// The first part must start the text and the last end it; the parts
// between are found leftmost, one after the other, which is enough for
// patterns whose only wildcard is *: taking the earliest place for a
// part leaves the most text for the parts after it. The cost is linear
// in the text for each part.
func globMatch(parts []string, text string) bool {
	if len(parts) == 1 {
		return text == parts[0]
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(text) < len(first)+len(last) || !strings.HasPrefix(text, first) || !strings.HasSuffix(text, last) {
		return false
	}
	rest := text[len(first) : len(text)-len(last)]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return true
}

// ReadMapping reads and parses the mapping file at path. err is set
// when the file cannot be read (missing, a directory, a device); the
// file's own problems, its size among them, are diagnostics.
func ReadMapping(path string) (*Mapping, diag.List, error) {
	data, err := readAtMost(path, MaxMappingBytes)
	if errors.Is(err, ErrTooLarge) {
		return nil, mappingTooLarge(path), nil
	}
	if err != nil {
		return nil, nil, err
	}
	m, diags := ParseMapping(path, data)
	return m, diags, nil
}

// ParseMapping reads a mapping file (data, the contents of file) and
// checks every kind against the built-in vocabulary. Problems are located
// errors (file:line:col, the field, a did-you-mean hint for a misspelt
// kind or section) and give a nil Mapping.
func ParseMapping(file string, data []byte) (*Mapping, diag.List) {
	if len(data) > MaxMappingBytes {
		return nil, mappingTooLarge(file)
	}
	root, diags := strictyaml.Parse(file, data, mappingLimits)
	if len(diags) > 0 {
		return nil, diags
	}
	m := &Mapping{File: file}
	if root == nil || root.Kind == strictyaml.Null {
		diags.Add(diag.Pos{File: file, Line: 1, Column: 1}, "", "write elements: and boundaries: sections of pattern: kind lines (see docs/interchange.md)",
			"the mapping file is empty")
		return nil, diags
	}
	if root.Kind != strictyaml.Mapping {
		diags.Add(root.Pos, "", "write elements: and boundaries: sections of pattern: kind lines (see docs/interchange.md)",
			"a mapping file is a mapping with elements and boundaries, found %s", root.Describe())
		return nil, diags
	}
	v := vocab.Builtin()
	sections := []string{"elements", "boundaries"}
	for _, p := range root.Pairs {
		switch p.Key.Value {
		case "elements":
			m.Elements = readRules(&diags, p.Value, "elements", "element kind", v.ElementKindIDs())
		case "boundaries":
			m.Boundaries = readRules(&diags, p.Value, "boundaries", "boundary kind", v.BoundaryKindIDs())
		default:
			diags.Add(p.Key.Pos, clip(p.Key.Value), hintFor(p.Key.Value, sections), "unknown section %q of a mapping file", clip(p.Key.Value))
		}
	}
	if len(diags) > 0 {
		return nil, diags.Sort()
	}
	return m, nil
}

func mappingTooLarge(file string) diag.List {
	var diags diag.List
	diags.Add(diag.Pos{File: file, Line: 1, Column: 1}, "", "a mapping file holds tens of rules; is this the right file?",
		"file is larger than the %d-byte limit of a mapping file", MaxMappingBytes)
	return diags
}

// readRules reads one section: pattern: kind pairs in order.
func readRules(diags *diag.List, n *strictyaml.Node, section, what string, kinds []string) []Rule {
	if n.Kind == strictyaml.Null {
		return nil
	}
	if n.Kind != strictyaml.Mapping {
		diags.Add(n.Pos, section, `write one "pattern": kind line per rule`, "expected a mapping of patterns to kinds, found %s", n.Describe())
		return nil
	}
	if len(n.Pairs) > MaxMappingRules {
		diags.Add(n.Pos, section, "a mapping file needs tens of rules; use * patterns to cover families of types",
			"%d rules, more than the limit of %d", len(n.Pairs), MaxMappingRules)
		return nil
	}
	seen := map[string]int{} // lower-cased pattern → line of its first rule
	var rules []Rule
	for _, p := range n.Pairs {
		pattern := p.Key.Value
		field := section + "[" + clip(pattern) + "]"
		switch low := strings.ToLower(strings.TrimSpace(pattern)); {
		case low == "":
			diags.Add(p.Key.Pos, field, "write a type or name, with * for any run of characters", "empty pattern")
			continue
		case len(pattern) > MaxPatternLength:
			diags.Add(p.Key.Pos, field, "a pattern is a type or a name with * wildcards: shorten it",
				"the pattern is %d bytes long, more than the limit of %d", len(pattern), MaxPatternLength)
			continue
		case seen[low] > 0:
			diags.Add(p.Key.Pos, field, "patterns are compared ignoring case; keep one of the two rules",
				"the pattern repeats the rule on line %d, which always matches first", seen[low])
			continue
		default:
			seen[low] = p.Key.Pos.Line
		}
		v := p.Value
		if v.Kind != strictyaml.Scalar || v.Tag != strictyaml.TagStr {
			diags.Add(v.Pos, field, diag.OneOf(kinds), "expected an %s, found %s", what, v.Describe())
			continue
		}
		if !slices.Contains(kinds, v.Value) {
			diags.Add(v.Pos, field, hintFor(v.Value, kinds), "unknown %s %q", what, clip(v.Value))
			continue
		}
		rules = append(rules, Rule{Pattern: pattern, Kind: v.Value, Pos: p.Key.Pos,
			lower: strings.Split(strings.ToLower(strings.TrimSpace(pattern)), "*")})
	}
	return rules
}

// hintFor is a did-you-mean hint for word among candidates. A word far
// longer than any candidate gets the list instead: the edit distance
// costs its length times each candidate's.
func hintFor(word string, candidates []string) string {
	if len(word) > 64 {
		return diag.OneOf(candidates)
	}
	return diag.DidYouMean(word, candidates)
}

// clip shortens text quoted in a message.
func clip(s string) string {
	const most = 60
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not cut a character in two
		cut--
	}
	return s[:cut] + "…"
}

package threagile

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// Format is Threagile's YAML model, for the import command.
var Format = interchange.Format{
	Name:       "threagile",
	Title:      "Threagile YAML model",
	Extensions: []string{".yaml", ".yml"},
	Import:     ImportWith,
}

// Import converts a Threagile model (data, the contents of file) into an
// iotthreat model. A file that is not YAML, or whose values have the
// wrong shape, names a missing asset or nests boundaries in a cycle,
// gives located diagnostics and no model.
func Import(file string, data []byte) (*interchange.Import, diag.List) {
	return ImportWith(file, data, interchange.Options{})
}

// ImportWith is Import with the importing person's options: a mapping
// file's rules decide the kinds of the technical assets (by technology,
// type or name) and trust boundaries (by type or name) they match, before
// the tables of mapping.go.
func ImportWith(file string, data []byte, opts interchange.Options) (*interchange.Import, diag.List) {
	root, diags := strictyaml.Parse(file, data, strictyaml.DefaultLimits)
	if len(diags) > 0 {
		return nil, diags
	}
	c := newConverter(file)
	c.kindMap = opts.Map
	c.convert(root)
	if c.diags.Len() > 0 {
		return nil, c.diags.List()
	}
	return c.imp, nil
}

// converter holds what converting one file needs between its sections.
type converter struct {
	reader
	imp   *interchange.Import
	m     *model.Model
	vocab *vocab.Vocabulary
	// mapping is the --map file; nil maps nothing.
	kindMap *interchange.Mapping

	// names hands out element, flow, boundary and data ids. Data ids
	// have a namespace of their own in iotthreat, but a threat's target
	// may name either, so sharing one keeps every target unambiguous;
	// "system" (the target naming the whole system) is reserved.
	names  ids
	threat ids

	data        map[string]string // Threagile data asset id -> model data id
	assets      map[string]*asset // Threagile technical asset id -> asset
	assetList   []*asset          // in file order
	boundaries  map[string]*boundary
	bndList     []*boundary
	links       map[string]string // Threagile link id (source>title) -> flow id
	loops       map[string]string // Threagile id of a link from an asset to itself -> the asset's id
	runtimes    map[string]string // Threagile shared runtime id -> its name
	extensions  map[string]bool   // extension protocols the flows use
	suggestions int               // "did you mean" hints given so far
	risks       []risk            // imported individual risks, for risk tracking
	copied      int               // bytes of text the threats hold so far, against maxThreatText
}

func newConverter(file string) *converter {
	return &converter{
		reader: reader{file: file, diags: position.Capped{Max: position.MaxProblems}},
		vocab:  vocab.Builtin(),
		names:  ids{text.NewIDs("system")},
		threat: ids{text.NewIDs()},
		data:   map[string]string{}, assets: map[string]*asset{}, boundaries: map[string]*boundary{},
		links: map[string]string{}, loops: map[string]string{}, runtimes: map[string]string{}, extensions: map[string]bool{},
	}
}

// convert reads the whole file, section by section. Assets come before
// boundaries are known, and their kinds are settled after, because a kind
// must fit the boundary the asset sits in.
func (c *converter) convert(root *strictyaml.Node) {
	if root == nil || root.Kind != strictyaml.Mapping {
		c.fail(root, "", "a Threagile model is a YAML mapping with threagile_version, title, technical_assets, …",
			"expected a Threagile model (a mapping), found %s", describe(root))
		return
	}
	top := c.fields(root, "")
	if !c.withinLimits(top) {
		return
	}
	title := clean(c.str(top["title"], "title"))
	if title == "" {
		title = "Imported Threagile model"
	}
	c.imp = interchange.New(label(title), "Threagile file "+c.file)
	c.m = c.imp.Model
	c.version(top["threagile_version"])
	c.system(top)
	c.dataAssets(top["data_assets"])
	c.technicalAssets(top["technical_assets"])
	c.trustBoundaries(top["trust_boundaries"])
	c.settleElements()
	c.communicationLinks()
	c.sharedRuntimes(top["shared_runtimes"])
	c.individualRisks(top["individual_risk_categories"])
	c.riskTracking(top["risk_tracking"])
	c.declareExtensions()
}

// version accepts Threagile 1.x files; a missing version is noted.
func (c *converter) version(n *strictyaml.Node) {
	v := c.str(n, "threagile_version")
	switch {
	case v == "":
		c.imp.Note("", "The file has no threagile_version; it was read as Threagile 1.x.")
	case v != "1" && !strings.HasPrefix(v, "1."):
		c.fail(n, "threagile_version", "this importer reads Threagile 1.x models",
			"unsupported version %q", short(v))
	}
}

func describe(n *strictyaml.Node) string {
	if n == nil {
		return "nothing"
	}
	return n.Describe()
}

// ids hands out unique ids in one namespace, each made from a Threagile
// id or title by slug.
type ids struct{ *text.IDs }

var idChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// maxIDLength keeps generated ids short: they appear in every finding id.
const maxIDLength = 80

// slug makes s fit iotthreat's id syntax (letters, digits, . _ -, starting
// with a letter or digit), or returns "".
func slug(s string) string {
	s = idChars.ReplaceAllString(s, "-")
	s = strings.TrimLeft(s, "._-")
	if len(s) > maxIDLength {
		s = strings.TrimRight(s[:maxIDLength], "._-")
	}
	return s
}

// take returns want (made a valid id, or fallback when nothing of it is
// left), suffixed -2, -3, … when already taken.
func (n ids) take(want, fallback string) string { return n.Take(slug(want), fallback) }

// htmlTags is compiled on first use: its bounded repetition makes a
// large program, a few milliseconds that every command would pay at
// start-up (docs/performance.md).
var htmlTags = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`</?[A-Za-z][^<>]{0,200}>`) })

// clean removes the HTML markup Threagile allows in titles and texts
// (<b>, <i>, <br>) and trims the text.
func clean(s string) string {
	return strings.TrimSpace(htmlTags().ReplaceAllString(s, ""))
}

// label and prose cut a text to the model's limits (model.MaxLabelLength
// and model.MaxProseLength characters) with text.Cut: unlike the other
// importers', the part kept is not trimmed, as Threagile texts never were.
func label(s string) string { s, _ = text.Cut(s, model.MaxLabelLength); return s }
func prose(s string) string { s, _ = text.Cut(s, model.MaxProseLength); return s }

// noteCut notes at path that a text of the source was shortened.
func (c *converter) noteCut(path, what, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		c.imp.Note(path, "Threagile's %s was %d characters long and was cut to %d.", what, utf8.RuneCountInString(s), limit)
	}
}

// short cuts a value of the source for a message or a field path, with
// the shared text.Short: one line (a key holding a line break used to
// break the field path of a diagnostic over two lines), at most
// text.ShortWidth characters ending in "…", as the other importers' do.
func short(s string) string { return text.Short(s) }

// Bounds on "did you mean" hints: each costs the edit distance from the
// unknown id to every candidate, so a file of thousands of bad references
// to thousands of assets would cost their product.
const (
	maxSuggestions       = 20
	maxSuggestCandidates = 2000
	maxSuggestBytes      = 1 << 18
)

// canSuggest says whether a hint for id may still be searched for.
func (c *converter) canSuggest(id string) bool {
	return c.suggestions < maxSuggestions && len(id) <= maxSuggestLength
}

// suggest returns the candidate closest to id, within the bounds above.
func (c *converter) suggest(id string, candidates []string) string {
	if c.suggestions >= maxSuggestions || len(id) > maxSuggestLength || len(candidates) > maxSuggestCandidates {
		return ""
	}
	total := 0
	for _, cand := range candidates {
		total += len(cand)
	}
	if total > maxSuggestBytes {
		return ""
	}
	c.suggestions++
	return diag.Suggest(id, candidates)
}

// joinList joins items for a note.
func joinList(items []string) string { return strings.Join(items, ", ") }

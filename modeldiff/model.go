package modeldiff

import (
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/model"
)

// ModelChanges are the differences between two models, section by
// section. Items are matched by id (tracking entries by finding id).
type ModelChanges struct {
	System  []FieldChange `json:"system"`
	Product []FieldChange `json:"product"`
	// AttackPaths are the changes to the attack_paths block, each list
	// item compared as one line of text.
	AttackPaths []FieldChange `json:"attack_paths"`
	Data        Changes       `json:"data"`
	Boundaries  Changes       `json:"boundaries"`
	Elements    Changes       `json:"elements"`
	Flows       Changes       `json:"flows"`
	Tracking    Changes       `json:"tracking"`
	Rules       Changes       `json:"rules"`
	Threats     Changes       `json:"threats"`
}

// Changes are the items of one section added, removed and changed, each
// list sorted by id.
type Changes struct {
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	Changed []Change `json:"changed"`
}

// Change is an item present in both models with at least one field that
// differs.
type Change struct {
	ID     string        `json:"id"`
	Fields []FieldChange `json:"fields"` // in the order the model format lists the fields
}

// FieldChange is one field that differs. Field is the key as written in
// the model ("encryption", "options.pairing", "references.cwe"). Old and
// New are the values as text, "" when unset; a list is its items sorted
// and joined with ", ". For a list, Added and Removed name the items that
// differ (a list is compared as a set); for a single value both are [].
type FieldChange struct {
	Field   string   `json:"field"`
	Old     string   `json:"old"`
	New     string   `json:"new"`
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

// IsList reports whether the field is a list, shown as items added and
// removed rather than old → new.
func (f FieldChange) IsList() bool { return len(f.Added) > 0 || len(f.Removed) > 0 }

// Section is one named section of ModelChanges, for writers that walk them
// in the order the model format lists them.
type Section struct {
	Name    string // the model key: data, boundaries, elements, …
	Changes Changes
}

// Sections returns the item sections in model order (system and product
// excluded: each is one item, not a list).
func (m ModelChanges) Sections() []Section {
	return []Section{
		{"data", m.Data}, {"boundaries", m.Boundaries}, {"elements", m.Elements},
		{"flows", m.Flows}, {"tracking", m.Tracking}, {"rules", m.Rules}, {"threats", m.Threats},
	}
}

// Empty reports whether the models are the same, as far as compared.
func (m ModelChanges) Empty() bool {
	if len(m.System)+len(m.Product)+len(m.AttackPaths) > 0 {
		return false
	}
	for _, s := range m.Sections() {
		c := s.Changes
		if len(c.Added)+len(c.Removed)+len(c.Changed) > 0 {
			return false
		}
	}
	return true
}

// CompareModels compares two models item by item and field by field.
// Source positions, include lists, vocabulary extensions and rule examples
// are not compared.
func CompareModels(oldM, newM *model.Model) ModelChanges {
	return ModelChanges{
		System:      compareFields(reduce(&oldM.System).fields, reduce(&newM.System).fields),
		Product:     compareFields(optionalFields(oldM.Product), optionalFields(newM.Product)),
		AttackPaths: compareFields(optionalFields(oldM.AttackPaths), optionalFields(newM.AttackPaths)),
		Data:        compareItems(itemsOf(oldM.Data), itemsOf(newM.Data)),
		Boundaries:  compareItems(itemsOf(oldM.Boundaries), itemsOf(newM.Boundaries)),
		Elements:    compareItems(itemsOf(oldM.Elements), itemsOf(newM.Elements)),
		Flows:       compareItems(itemsOf(oldM.Flows), itemsOf(newM.Flows)),
		Tracking:    compareItems(trackingItems(oldM.Tracking), trackingItems(newM.Tracking)),
		Rules:       compareItems(itemsOf(oldM.Rules), itemsOf(newM.Rules)),
		Threats:     compareItems(itemsOf(oldM.Threats), itemsOf(newM.Threats)),
	}
}

// optionalFields reduces an optional block (product, attack_paths); an
// absent block reads as an empty one, so writing it shows its fields as
// added.
func optionalFields[T any](p *T) []field {
	if p == nil {
		p = new(T)
	}
	return reduce(p).fields
}

// item is a model item reduced to its id and its fields as text.
type item struct {
	id     string
	fields []field
}

// itemsOf reduces each item of a model section (see reduce).
func itemsOf[T any](list []T) []item {
	out := make([]item, len(list))
	for i := range list {
		out[i] = reduce(&list[i])
	}
	return out
}

func trackingItems(m map[string]model.Tracking) []item {
	out := make([]item, 0, len(m))
	for id, t := range m {
		out = append(out, item{id: id, fields: reduce(&t).fields})
	}
	return out
}

func compareItems(oldItems, newItems []item) Changes {
	c := Changes{Added: []string{}, Removed: []string{}, Changed: []Change{}}
	oldByID := map[string]item{}
	for _, it := range oldItems {
		oldByID[it.id] = it
	}
	newIDs := map[string]bool{}
	for _, it := range newItems {
		newIDs[it.id] = true
		prev, ok := oldByID[it.id]
		if !ok {
			c.Added = append(c.Added, it.id)
			continue
		}
		if fields := compareFields(prev.fields, it.fields); len(fields) > 0 {
			c.Changed = append(c.Changed, Change{ID: it.id, Fields: fields})
		}
	}
	for _, it := range oldItems {
		if !newIDs[it.id] {
			c.Removed = append(c.Removed, it.id)
		}
	}
	sort.Strings(c.Added)
	sort.Strings(c.Removed)
	sort.Slice(c.Changed, func(i, j int) bool { return c.Changed[i].ID < c.Changed[j].ID })
	return c
}

// compareFields lists the fields whose values differ, in the order of the
// new item's fields, then fields only the old item has (map entries such
// as options.pairing that were removed).
func compareFields(oldFields, newFields []field) []FieldChange {
	out := []FieldChange{}
	oldByName := map[string]value{}
	for _, f := range oldFields {
		oldByName[f.name] = f.value
	}
	seen := map[string]bool{}
	for _, f := range newFields {
		seen[f.name] = true
		if ch, ok := compareValue(f.name, oldByName[f.name], f.value); ok {
			out = append(out, ch)
		}
	}
	for _, f := range oldFields {
		if !seen[f.name] {
			if ch, ok := compareValue(f.name, f.value, value{list: f.value.list}); ok {
				out = append(out, ch)
			}
		}
	}
	return out
}

func compareValue(name string, a, b value) (FieldChange, bool) {
	ch := FieldChange{Field: name, Old: a.text(), New: b.text(), Added: []string{}, Removed: []string{}}
	if ch.Old == ch.New {
		return ch, false
	}
	if a.list || b.list {
		ch.Added = missing(b.items, a.items)
		ch.Removed = missing(a.items, b.items)
	}
	return ch, true
}

// missing returns the items of list that other lacks, in list's order.
func missing(list, other []string) []string {
	out := []string{}
	have := map[string]bool{}
	for _, x := range other {
		have[x] = true
	}
	for _, x := range list {
		if !have[x] {
			out = append(out, x)
		}
	}
	return out
}

// field is one field of a model item, named as the model writes it.
type field struct {
	name  string
	value value
}

// value is a field's value as text: one string, or a list compared as a
// set (sorted, without duplicates).
type value struct {
	s     string
	list  bool
	items []string
}

func (v value) text() string {
	if v.list {
		return strings.Join(v.items, ", ")
	}
	return v.s
}

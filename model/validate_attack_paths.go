package model

import (
	"slices"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// PathEntryPoints are the kinds of entry point the attack-path search
// derives, and PathTargetKinds the kinds of target; package paths uses
// them, and an exclusion names one of them, an id of that kind
// (KIND:ID, local:BOUNDARY for a local network) or a model id.
var (
	PathEntryPoints = []string{"internet", "radio", "physical", "local-network", "third-party", "insider"}
	PathTargetKinds = []string{"safety-action", "fleet-command", "update-service", "signing-key", "device-control", "data", "named"}
)

// pathEntryPrefixes are the prefixes of entry ids with a model id after
// the colon ("local" for a local network's boundary).
var pathEntryPrefixes = []string{"radio", "local", "third-party", "insider"}

// attackPaths checks the attack-path settings: added entries name an
// element and a kind, added targets an element or a data asset and an
// impact, and each exclusion something the search could derive.
func (c *checker) attackPaths() {
	ap := c.m.AttackPaths
	if ap == nil {
		return
	}
	for i := range ap.Entries {
		e := &ap.Entries[i]
		field := "attack_paths.entries[" + strconv.Itoa(i) + "]"
		ref(c, e.Src.At("element"), field+".element", "element", e.Element, c.elements)
		if !slices.Contains(PathEntryKinds, e.From) {
			c.add(e.Src.At("from"), field+".from", diag.DidYouMean(e.From, PathEntryKinds), "unknown entry kind %q", e.From)
		}
		c.reason(e.Src, field, e.Reason)
	}
	for i := range ap.Targets {
		t := &ap.Targets[i]
		field := "attack_paths.targets[" + strconv.Itoa(i) + "]"
		switch {
		case t.Element != "" && t.Data != "":
			c.add(t.Src.At("data"), field, "a target is one element or one data asset: write two targets", "target names both an element and a data asset")
		case t.Element != "":
			ref(c, t.Src.At("element"), field+".element", "element", t.Element, c.elements)
		case t.Data != "":
			ref(c, t.Src.At("data"), field+".data", "data asset", t.Data, c.data)
		default:
			c.add(t.Src.Pos, field, "add element: ID or data: ID", "target names neither an element nor a data asset")
		}
		if t.Impact == "" {
			c.add(t.Src.At("impact"), field+".impact", diag.OneOf(c.v.TermIDs("level")), "empty impact")
		}
		c.term(t.Src, "impact", field+".impact", "level", t.Impact)
		c.reason(t.Src, field, t.Reason)
	}
	c.exclusions(ap.NotEntries, "attack_paths.not_entries", PathEntryPoints, pathEntryPrefixes)
	c.exclusions(ap.NotTargets, "attack_paths.not_targets", PathTargetKinds, PathTargetKinds)
}

// exclusions checks that each excluded id is a kind, KIND:ID with a
// known prefix and a model id after it, or a model id.
func (c *checker) exclusions(list []PathExclusion, name string, kinds, prefixes []string) {
	for i := range list {
		x := &list[i]
		field := name + "[" + strconv.Itoa(i) + "]"
		c.reason(x.Src, field, x.Reason)
		if slices.Contains(kinds, x.ID) || c.modelID(x.ID) {
			continue
		}
		prefix, rest, ok := strings.Cut(x.ID, ":")
		if ok && slices.Contains(prefixes, prefix) && rest != "" && (c.modelID(rest) || prefix == "radio" && c.isProtocol(rest)) {
			continue
		}
		hint := "write a kind (" + strings.Join(kinds, ", ") + "), KIND:ID, or an element or data id"
		c.add(x.Src.At("id"), field+".id", hint, "%q names nothing the search could derive", x.ID)
	}
}

// modelID reports whether id is an element, data asset or boundary id.
func (c *checker) modelID(id string) bool {
	_, e := c.elements[id]
	_, d := c.data[id]
	_, b := c.boundaries[id]
	return e || d || b
}

func (c *checker) isProtocol(id string) bool {
	_, ok := c.v.Protocol(id)
	return ok
}

// reason refuses an empty reason: an attack-path setting changes what the
// reports call the attack surface, so it must say why.
func (c *checker) reason(src strictyaml.Source, field, reason string) {
	if strings.TrimSpace(reason) == "" {
		c.add(src.At("reason"), field+".reason", "say why, for whoever reviews the attack surface", "empty reason")
	}
}

package threagile

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// maxRuntimeNotes bounds the shared runtimes described one by one at the
// head of the model; the rest are counted in one more note. Real models
// have a handful.
const maxRuntimeNotes = 20

// sharedRuntimes notes each shared runtime (a VM host, a container
// platform) with its members, at the head and on each member: iotthreat
// has no notion of assets sharing a runtime. An asset on several
// runtimes gets one note naming a few of them, and past maxRuntimeNotes
// runtimes the head counts the rest: a file of thousands of runtimes
// gives a handful of notes.
func (c *converter) sharedRuntimes(n *strictyaml.Node) {
	on := map[string]*counted{} // element id -> the runtimes it runs on
	var elems []string
	var unlisted counted
	for _, p := range c.mapping(n, "shared_runtimes") {
		name := clean(p.Key.Value)
		field := "shared_runtimes[" + short(p.Key.Value) + "]"
		f := c.fields(p.Value, field)
		tgID, ok := c.sourceID(p, f, field, "shared runtime")
		if !ok {
			continue
		}
		c.runtimes[tgID] = name
		list, nodes := c.strList(f["technical_assets_running"], field+".technical_assets_running")
		var members []string
		for i, id := range list {
			a, ok := c.assets[id]
			if !ok {
				c.fail(nodes[i], field+".technical_assets_running", c.suggestAsset(id), "unknown technical asset %q", short(id))
				continue
			}
			members = append(members, a.id)
		}
		tags := c.tags(f["tags"], field+".tags")
		if len(c.runtimes) > maxRuntimeNotes {
			unlisted.add(name)
		} else {
			text := fmt.Sprintf("Shared runtime %q (Threagile id %s) runs %s", name, tgID, fewOrNone(members))
			if len(tags) > 0 {
				text += "; tags " + joinList(tags)
			}
			c.imp.Note("", "%s: a compromise of one may reach the others.", text)
		}
		for _, id := range members {
			if on[id] == nil {
				on[id] = &counted{}
				elems = append(elems, id)
			}
			on[id].add(name)
			if on[id].Len() == 1 {
				on[id].others = len(members) - 1
			}
		}
	}
	if unlisted.Len() > 0 {
		c.imp.Note("", "%d more shared runtimes (%s) are not described here; each asset on one says so. A compromise of one asset on a runtime may reach the others.",
			unlisted.Len(), unlisted.some())
	}
	for _, id := range elems {
		rt := on[id]
		if rt.Len() == 1 {
			c.imp.Note("elements["+id+"]", "Runs on shared runtime %q with %d other assets.", rt.Names()[0], rt.others)
			continue
		}
		c.imp.Note("elements["+id+"]", "Runs on %d shared runtimes (%s); a compromise of the other assets on them may reach it.", rt.Len(), rt.some())
	}
}

// risk is an imported individual risk, for matching risk tracking:
// Threagile names it category@asset@link@boundary@runtime@data, leaving
// out the empty parts.
type risk struct {
	parts   []string
	finding string // the iotthreat finding id, THREAT@target
}

// individualRisks converts individual_risk_categories: each identified
// risk of a category becomes a threat written by hand, on its most
// relevant asset, link, boundary or data asset.
func (c *converter) individualRisks(n *strictyaml.Node) {
	for _, p := range c.mapping(n, "individual_risk_categories") {
		field := "individual_risk_categories[" + short(p.Key.Value) + "]"
		f := c.fields(p.Value, field)
		catID, ok := c.sourceID(p, f, field, "risk category")
		if !ok {
			continue
		}
		cat := c.category(p.Key.Value, catID, f, field)
		base := "THREAGILE-" + upperSlug(catID)
		for i, rp := range c.mapping(f["risks_identified"], field+".risks_identified") {
			rfield := field + ".risks_identified[" + short(rp.Key.Value) + "]"
			if !c.individualRisk(cat, fmt.Sprintf("%s-%03d", base, i+1), rp, rfield) {
				return
			}
		}
	}
}

// maxThreatText bounds the text the identified risks copy into the
// model's threats (titles, descriptions, mitigations and sources after
// cutting to the model's limits, and cweBytes per CWE). A category's
// description and mitigation are written once in the file but once per
// risk in the model, so a 600 KB file of 20,000 risks of one category
// became a model of over 64 MiB that no command would load. 16 MiB, as
// the OTM importer allows, is a thousand threats of four full pages each,
// or twenty thousand of a long paragraph; real models copy far less.
const maxThreatText = 16 << 20

// cweBytes is what one CWE counts against maxThreatText: about what it
// costs in the model's YAML.
const cweBytes = 8

// threatTextHint is the hint of the error for maxThreatText.
const threatTextHint = "split the model, or shorten the description and mitigation of the risk categories with many identified risks; the limits are in docs/interchange.md"

// category is what a risk category gives each of its threats. Its
// description and mitigation are cut to the model's limit once, here,
// and every threat of the category shares the result: cutting (and
// counting the characters of) a text of megabytes again for each of
// thousands of risks took 17 s for a 4 MB text and 4,000 risks, and
// over a minute for 16 MB.
type category struct {
	id, title, stride string
	desc, mitigation  string // cut to model.MaxProseLength
	// descLen and mitigationLen are the characters of the text before it
	// was cut, 0 when it was not.
	descLen, mitigationLen int
	cwe                    int
}

// cutProse cuts s as prose does, and returns its length in characters
// when it was cut, 0 when it was not.
func cutProse(s string) (string, int) {
	out, cut := text.Cut(s, model.MaxProseLength)
	if !cut {
		return out, 0
	}
	return out, utf8.RuneCountInString(s)
}

func (c *converter) category(title, id string, f map[string]*strictyaml.Node, field string) *category {
	cat := &category{id: id, title: clean(title)}
	var parts []string
	for _, k := range []struct{ key, label string }{
		{"description", ""}, {"impact", "Impact"}, {"action", "Action"}, {"check", "Check"},
		{"detection_logic", "Detection"}, {"risk_assessment", "Risk assessment"}, {"false_positives", "False positives"},
		{"asvs", "ASVS"}, {"cheat_sheet", "Cheat sheet"}, {"function", "Function"},
	} {
		if v := clean(c.str(f[k.key], field+"."+k.key)); v != "" {
			if k.label != "" {
				v = k.label + ": " + v
			}
			parts = append(parts, v)
		}
	}
	cat.desc, cat.descLen = cutProse(strings.Join(parts, "\n\n"))
	cat.mitigation, cat.mitigationLen = cutProse(clean(c.str(f["mitigation"], field+".mitigation")))
	if sn := f["stride"]; sn == nil || sn.Kind == strictyaml.Null {
		c.fail(sn, field+".stride", "add stride: (spoofing, tampering, …)", "risk category %q has no STRIDE category", short(title))
	} else if _, ok := enum(c, sn, field+".stride", "STRIDE category", strides); ok {
		cat.stride = sn.Value
	}
	cat.cwe = c.integer(f["cwe"], field+".cwe")
	return cat
}

// individualRisk converts one identified risk; false means the threats
// copy more than maxThreatText and no more risks should be read.
func (c *converter) individualRisk(cat *category, wantID string, rp strictyaml.Pair, field string) bool {
	f := c.fields(rp.Value, field)
	t := model.Threat{Title: label(clean(rp.Key.Value)), Description: cat.desc, Mitigation: cat.mitigation,
		Source: label("Threagile individual risk category " + cat.id)}
	if t.Title == "" {
		t.Title = label(cat.title)
	}
	if cat.stride != "" {
		t.STRIDE = []string{cat.stride}
	}
	if cat.cwe > 0 {
		t.References.CWE = []int{cat.cwe}
	}
	c.copied += len(t.Title) + len(t.Description) + len(t.Mitigation) + len(t.Source) + cweBytes*len(t.References.CWE)
	if c.copied > maxThreatText {
		c.fail(rp.Key, field, threatTextHint,
			"the identified risks copy more than %d bytes of risk category text into threats: over the Threagile import limit", maxThreatText)
		return false
	}
	t.ID = c.threat.take(wantID, "THREAGILE-RISK")
	path := "threats[" + t.ID + "]"
	if cat.descLen > 0 {
		c.imp.Note(path, "Threagile's risk category text was %d characters long and was cut to %d.", cat.descLen, model.MaxProseLength)
	}
	if cat.mitigationLen > 0 {
		c.imp.Note(path, "Threagile's risk category mitigation was %d characters long and was cut to %d.", cat.mitigationLen, model.MaxProseLength)
	}
	target, parts, ok := c.riskTarget(f, field, cat.id, path)
	if !ok {
		return true
	}
	t.Target = target
	c.riskRating(&t, f, field, path)
	if v := c.str(f["data_breach_probability"], field+".data_breach_probability"); v != "" {
		list, _ := c.strList(f["data_breach_technical_assets"], field+".data_breach_technical_assets")
		assets := "nothing"
		if len(list) > 0 {
			assets = text.FewQuoted(list[:min(len(list), text.MaxListed)], len(list))
		}
		c.imp.Note(path, "Threagile data breach probability %s (assets: %s).", v, assets)
	}
	c.risks = append(c.risks, risk{parts: parts, finding: t.ID + "@" + t.Target})
	c.m.Threats = append(c.m.Threats, t)
	return true
}

// riskTarget is the threat's target: the most relevant technical asset,
// else link, else trust boundary, else data asset, else the system.
// It also returns the parts of Threagile's id of the risk.
func (c *converter) riskTarget(f map[string]*strictyaml.Node, field, catID, path string) (string, []string, bool) {
	ref := func(key string) (string, *strictyaml.Node) {
		n := f[key]
		return strings.TrimSpace(c.str(n, field+"."+key)), n
	}
	ta, tan := ref("most_relevant_technical_asset")
	cl, cln := ref("most_relevant_communication_link")
	tb, tbn := ref("most_relevant_trust_boundary")
	rt, rtn := ref("most_relevant_shared_runtime")
	da, dan := ref("most_relevant_data_asset")
	parts := []string{catID}
	for _, p := range []string{ta, cl, tb, rt, da} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	ok := true
	target := ""
	if a, found := c.assets[ta]; ta != "" && !found {
		c.fail(tan, field+".most_relevant_technical_asset", c.suggestAsset(ta), "unknown technical asset %q", short(ta))
		ok = false
	} else if found {
		target = a.id
	}
	// A link from an asset to itself has no flow (communicationLinks
	// leaves it out): the threat goes on the asset.
	id, isFlow := c.links[cl]
	owner, isLoop := c.loops[cl]
	switch {
	case cl == "":
	case isFlow:
		if target == "" {
			target = id
		}
	case isLoop:
		if target == "" {
			target = owner
			c.imp.Note(path, "Threagile places it on link %q, which goes from the asset to itself and was left out: written on the asset.", short(cl))
		}
	default:
		c.fail(cln, field+".most_relevant_communication_link", "name a link as source-asset-id>link-title-in-lower-case-with-hyphens",
			"unknown communication link %q", short(cl))
		ok = false
	}
	if b, found := c.boundaries[tb]; tb != "" && !found {
		c.fail(tbn, field+".most_relevant_trust_boundary", "name the id of a trust boundary of this file", "unknown trust boundary %q", short(tb))
		ok = false
	} else if found && target == "" {
		target = b.id
	}
	if name, found := c.runtimes[rt]; rt != "" && !found {
		c.fail(rtn, field+".most_relevant_shared_runtime", "name the id of a shared runtime of this file", "unknown shared runtime %q", short(rt))
		ok = false
	} else if found && target == "" {
		c.imp.Note(path, "Threagile places it on shared runtime %q, which iotthreat cannot target: written on the system.", name)
	}
	if d, found := c.data[da]; da != "" && !found {
		c.fail(dan, field+".most_relevant_data_asset", "name the id of a data asset of this file", "unknown data asset %q", short(da))
		ok = false
	} else if found && target == "" {
		target = d
	}
	if target == "" {
		target = "system"
	}
	return target, parts, ok
}

// riskRating rates the threat from the exploitation likelihood and
// impact, or from the severity when those are missing.
func (c *converter) riskRating(t *model.Threat, f map[string]*strictyaml.Node, field, path string) {
	get := func(key, what string, table map[string]string) string {
		n := f[key]
		if n == nil || n.Kind == strictyaml.Null {
			return ""
		}
		v, _ := enum(c, n, field+"."+key, what, table)
		return v
	}
	l := get("exploitation_likelihood", "exploitation likelihood", likelihoods)
	i := get("exploitation_impact", "exploitation impact", impacts)
	s := get("severity", "severity", severities)
	switch {
	case l != "" && i != "":
		t.Likelihood, t.Impact = l, i
		if sv := c.str(f["severity"], field+".severity"); sv != "" {
			c.imp.Note(path, "Threagile rates its severity %s.", sv)
		}
	case s != "":
		t.Severity = s
		if sv := c.str(f["severity"], field+".severity"); sv != s {
			c.imp.Note(path, "Threagile severity %s, written as %s.", sv, s)
		}
	default:
		t.Severity = "medium"
		c.imp.Note(path, "Threagile gives no rating: severity medium assumed; rate it.")
	}
}

var upperChars = regexp.MustCompile(`[^A-Z0-9]+`)

// upperSlug makes a Threagile id part of a threat id: capitals and digits
// in hyphen-separated parts, at most 40 characters.
func upperSlug(s string) string {
	s = strings.Trim(upperChars.ReplaceAllString(strings.ToUpper(s), "-"), "-")
	if len(s) > 40 {
		s = strings.Trim(s[:40], "-")
	}
	if s == "" {
		return "RISK"
	}
	return s
}

// maxTrackingNotes bounds the risk tracking decisions kept verbatim in
// notes at the head of the model, one note each: real files have tens;
// the rest are counted in one note (they stay in the Threagile file).
const maxTrackingNotes = 30

// maxTrackingWork bounds matching risk_tracking keys against imported
// risks (key parts compared); past it, the remaining keys are kept as
// notes only.
const maxTrackingWork = 1 << 22

// riskTracking keeps Threagile's triage decisions. A key naming an
// imported individual risk (wildcards * allowed between the @) becomes a
// tracking entry on that threat's finding; the others name Threagile's
// own rules, which iotthreat does not have, and are kept verbatim in a
// note at the head.
func (c *converter) riskTracking(n *strictyaml.Node) {
	pairs := c.mapping(n, "risk_tracking")
	if len(pairs) == 0 {
		return
	}
	byCat := map[string][]risk{}
	for _, r := range c.risks {
		byCat[r.parts[0]] = append(byCat[r.parts[0]], r)
	}
	exact := map[string]bool{}
	from := map[string]strictyaml.Pair{} // finding -> the decision that set its entry
	work, kept := 0, 0
	listed := map[string]bool{} // the notes written, which may be fewer than the decisions kept: keys cut to a label can read alike
	for _, p := range pairs {
		key := p.Key.Value
		field := "risk_tracking[" + short(key) + "]"
		f := c.fields(p.Value, field)
		tr, ok := c.tracking(f, field, p)
		if !ok {
			continue
		}
		parts := strings.Split(key, "@")
		matched := false
		for _, r := range byCat[parts[0]] {
			work += len(parts)
			if work > maxTrackingWork {
				break
			}
			isExact, match := matches(parts, r.parts)
			if !match || (exact[r.finding] && !isExact) {
				continue
			}
			if c.m.Tracking == nil {
				c.m.Tracking = map[string]model.Tracking{}
			}
			c.m.Tracking[r.finding] = tr
			exact[r.finding] = exact[r.finding] || isExact
			from[r.finding] = p
			matched = true
		}
		if !matched {
			if kept++; len(listed) < maxTrackingNotes {
				note := "Threagile risk tracking " + verbatim(key, f, c, field)
				if !listed[note] {
					listed[note] = true
					c.imp.Note("", "%s", note)
				}
			}
		}
	}
	for _, finding := range slices.Sorted(maps.Keys(from)) {
		p := from[finding]
		c.imp.Note("tracking["+finding+"]", "From Threagile risk tracking %q.", p.Key.Value)
		if st := p.Value.Lookup("status"); st != nil && st.Value == "in-discussion" {
			c.imp.Note("tracking["+finding+"]", "Threagile status in-discussion, written as open.")
		}
	}
	switch {
	case kept > len(listed):
		c.imp.Note("", "The %d Threagile risk tracking decisions in these notes, and %d more in the Threagile file's risk_tracking that are not repeated here, "+
			"name Threagile's own risk rules, which iotthreat does not have, so none became a tracking entry: re-take each decision on iotthreat's findings.",
			len(listed), kept-len(listed))
	case kept > 0:
		c.imp.Note("", "The %d Threagile risk tracking decisions in these notes name Threagile's own risk rules, "+
			"which iotthreat does not have, so none became a tracking entry: re-take each decision on iotthreat's findings.", kept)
	}
	if work > maxTrackingWork {
		c.imp.Note("", "Matching risk tracking against imported risks stopped after %d comparisons; later decisions are kept as notes only.", maxTrackingWork)
	}
}

// matches compares a tracking key's parts with a risk's: same count, each
// part equal or *. exact says no wildcard was needed.
func matches(key, id []string) (exact, ok bool) {
	if len(key) != len(id) {
		return false, false
	}
	exact = true
	for i := range key {
		switch {
		case key[i] == id[i]:
		case key[i] == "*":
			exact = false
		default:
			return false, false
		}
	}
	return exact, true
}

// tracking reads one decision: status, justification, ticket, date and
// who checked it.
func (c *converter) tracking(f map[string]*strictyaml.Node, field string, p strictyaml.Pair) (model.Tracking, bool) {
	var tr model.Tracking
	sn := f["status"]
	if sn == nil || sn.Kind == strictyaml.Null {
		at := sn
		if at == nil {
			at = p.Key
		}
		c.fail(at, field+".status", "add status: "+strings.Join(slices.Sorted(maps.Keys(statuses)), ", "), "risk tracking %q has no status", short(p.Key.Value))
		return tr, false
	}
	st, ok := enum(c, sn, field+".status", "risk status", statuses)
	if !ok {
		return tr, false
	}
	tr.Status = st
	tr.Reason = prose(clean(c.str(f["justification"], field+".justification")))
	if tr.Reason == "" && (st == "accepted" || st == "false-positive") {
		tr.Reason = "Marked " + st + " in Threagile, without a justification."
	}
	tr.Ticket = label(c.str(f["ticket"], field+".ticket"))
	tr.By = label(c.str(f["checked_by"], field+".checked_by"))
	if d := c.str(f["date"], field+".date"); d != "" {
		if _, err := time.Parse("2006-01-02", d); err == nil {
			tr.Date = d
		}
	}
	return tr, true
}

// verbatim writes a tracking decision as Threagile had it, for a note.
func verbatim(key string, f map[string]*strictyaml.Node, c *converter, field string) string {
	var b strings.Builder
	key, _ = text.Label(key)
	fmt.Fprintf(&b, "%s: status %s", key, c.str(f["status"], field+".status"))
	for _, k := range []struct{ key, label string }{
		{"justification", "justification"}, {"ticket", "ticket"}, {"date", "date"}, {"checked_by", "checked by"},
	} {
		if v := clean(c.str(f[k.key], field+"."+k.key)); v != "" {
			v, _ = text.CutTrimmed(v, model.MaxProseLength)
			fmt.Fprintf(&b, "; %s %s", k.label, v)
		}
	}
	b.WriteString(".")
	return b.String()
}

// declareExtensions declares, under vocabulary:, the protocols the flows
// use that iotthreat's vocabulary lacks.
func (c *converter) declareExtensions() {
	if len(c.extensions) == 0 {
		return
	}
	ids := slices.Sorted(maps.Keys(c.extensions))
	for _, id := range ids {
		c.m.Vocabulary.Protocols = append(c.m.Vocabulary.Protocols, extensionProtocols[id])
	}
	c.imp.Note("", "Protocols %s are Threagile's and not in iotthreat's vocabulary: declared under vocabulary: protocols, "+
		"with no limit on their encryption or authentication.", joinList(ids))
}

package regulatory

import (
	"fmt"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// transitProvision is an EN 303 645 provision about data in transit. A
// model states how each flow is protected as a fact (encryption: tls),
// not as a declared control, so these provisions are read from the flows
// that carry the data they name: without this, a model that encrypts
// every flow would read "no evidence" for them.
type transitProvision struct {
	id     string
	what   string                        // the data, as the detail names it
	counts func(d *model.DataAsset) bool // the data assets it is about
	remote bool                          // only flows crossing a trust boundary
}

var transitProvisions = []transitProvision{
	{id: "5.5-6", what: "critical security parameters (data classified secret)", counts: classifiedAs("secret")},
	{id: "5.5-7", what: "critical security parameters (data classified secret) across a trust boundary", counts: classifiedAs("secret"), remote: true},
	{id: "5.8-1", what: "personal data (data classified personal or sensitive)", counts: classifiedAs("personal", "sensitive")},
	{id: "5.8-2", what: "sensitive personal data (data classified sensitive)", counts: classifiedAs("sensitive")},
}

func classifiedAs(levels ...string) func(d *model.DataAsset) bool {
	return func(d *model.DataAsset) bool {
		for _, l := range levels {
			if d.Classification == l {
				return true
			}
		}
		return false
	}
}

// transitSupport decides a transit provision from the flows, for a
// provision that neither findings nor controls decide (its detail is
// noEvidence): supported when every flow carrying the data is encrypted,
// not supported, naming the flows, when any is not or does not say.
// Only flows over a network count. When no flow carries the data, the
// provision keeps "no evidence": the model then says nothing either way.
func transitSupport(p *Provision, l *model.Loaded, facts *engine.Facts) {
	var tp *transitProvision
	for i := range transitProvisions {
		if transitProvisions[i].id == p.ID {
			tp = &transitProvisions[i]
		}
	}
	if tp == nil || p.Detail != noEvidence {
		return
	}
	counted := map[string]bool{}
	for i := range l.Model.Data {
		if tp.counts(&l.Model.Data[i]) {
			counted[l.Model.Data[i].ID] = true
		}
	}
	var clear []string
	by := map[string]int{}
	total := 0
	for i := range l.Model.Flows {
		f := &l.Model.Flows[i]
		if i >= len(facts.Flows) || !carriesAny(f, counted) || !networked[facts.Flows[i].Medium] ||
			(tp.remote && !facts.Flows[i].CrossesBoundary) {
			continue
		}
		total++
		switch f.Encryption {
		case "", "none":
			clear = append(clear, f.ID)
		default:
			by[f.Encryption]++
		}
	}
	switch {
	case total == 0:
		p.Detail = noEvidence + ": no flow carries " + tp.what
	case len(clear) > 0:
		p.Detail = fmt.Sprintf("%d of %d flows carrying %s %s not encrypted: %s", len(clear), total, tp.what,
			plural(len(clear), "is", "are"), named(clear, len(clear)))
	default:
		p.Support = Supported
		p.Detail = fmt.Sprintf("supported by the flows' facts: %s carrying %s %s encrypted (%s)",
			plural(total, "the 1 flow", fmt.Sprintf("all %d flows", total)), tp.what, plural(total, "is", "are"), encryptionCounts(by))
	}
}

// networked are the media whose flows travel a network; a person using
// an app (human) or a memory card (media) has nothing to encrypt.
var networked = map[string]bool{"ip": true, "radio": true, "wired": true}

func carriesAny(f *model.Flow, ids map[string]bool) bool {
	for _, d := range f.Data {
		if ids[d] {
			return true
		}
	}
	return false
}

// encryptionCounts says how many flows use each encryption, "tls 5, link 2".
func encryptionCounts(by map[string]int) string {
	kinds := make([]string, 0, len(by))
	for k := range by {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		return by[kinds[i]] > by[kinds[j]] || by[kinds[i]] == by[kinds[j]] && kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, by[k])
	}
	return strings.Join(parts, ", ")
}

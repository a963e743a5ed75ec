package model

import "github.com/iotthreat/iotthreat/strictyaml"

// AttackPaths tunes the attack-path search (`iotthreat paths`) where the
// entry points and targets it derives from the facts are not the whole
// story: an attacker position the facts cannot show (a field laptop on
// the internet, a contractor with the support role), something the team
// protects that no classification marks, or a derived entry point the
// assessment rules out. Every addition and exclusion says why, since it
// changes what the reports call the product's attack surface.
type AttackPaths struct {
	Entries    []PathEntry     `yaml:"entries" json:"entries,omitempty" doc:"More places an attacker starts from, each an element and where the attacker stands towards it."`
	NotEntries []PathExclusion `yaml:"not_entries" json:"not_entries,omitempty" doc:"Derived entry points the assessment leaves out, by entry id (radio:ble, insider:support-agent), kind (insider) or element id, each with the reason."`
	Targets    []PathTarget    `yaml:"targets" json:"targets,omitempty" doc:"More things to protect: an element (controlling it is the harm) or a data asset, with its impact."`
	NotTargets []PathExclusion `yaml:"not_targets" json:"not_targets,omitempty" doc:"Derived targets the assessment leaves out, by target id (data:telemetry), kind (data) or id, each with the reason."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// PathEntryKinds are where an added entry point puts the attacker towards
// its element: able to send it traffic from the internet or from its
// local network, holding one unit of it, or acting with its authority as
// an insider or the third party that runs it. Radio range is derived from
// the element's radios; state those instead.
var PathEntryKinds = []string{"internet", "local-network", "physical", "insider", "third-party"}

// PathEntry is one entry point the model adds.
type PathEntry struct {
	Element string `yaml:"element,required" json:"element" doc:"The element the attacker reaches first."`
	From    string `yaml:"from,required" json:"from" doc:"Where the attacker stands: internet (can send it traffic from the internet), local-network (from its local network), physical (holds a unit), insider or third-party (acts with its authority)."`
	Reason  string `yaml:"reason,required" json:"reason" doc:"Why this is a way in."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// PathTarget is one target the model adds: an element or a data asset.
type PathTarget struct {
	Element string `yaml:"element" json:"element,omitempty" doc:"An element whose control is the harm (set this or data)."`
	Data    string `yaml:"data" json:"data,omitempty" doc:"A data asset to protect wherever it is stored, processed or carried (set this or element)."`
	Impact  string `yaml:"impact,required" json:"impact" doc:"How bad reaching it is: low, medium, high or critical."`
	Reason  string `yaml:"reason,required" json:"reason" doc:"Why it must be protected."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// PathExclusion leaves a derived entry point or target out of the search.
type PathExclusion struct {
	ID     string `yaml:"id,required" json:"id" doc:"An entry or target id, a kind, or an element or data id, matched as paths --from and --to match."`
	Reason string `yaml:"reason,required" json:"reason" doc:"Why the assessment leaves it out."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

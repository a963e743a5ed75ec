package vocab

import "github.com/iotthreat/iotthreat/strictyaml"

// Vocabulary is the full set of known words. Built-in returns the embedded
// one; Merge adds a model's extensions.
type Vocabulary struct {
	ElementKinds  []ElementKind     `yaml:"element_kinds" json:"element_kinds" doc:"New element kinds."`
	BoundaryKinds []BoundaryKind    `yaml:"boundary_kinds" json:"boundary_kinds" doc:"New trust-boundary kinds."`
	Protocols     []Protocol        `yaml:"protocols" json:"protocols" doc:"New protocols."`
	Controls      []Control         `yaml:"controls" json:"controls" doc:"New controls."`
	Enums         map[string][]Term `yaml:"enums" json:"enums" doc:"New values for open enumerations, keyed by enumeration name (debug_interface, role, …)."`
	Standards     []Standard        `yaml:"standards" json:"standards" doc:"Further standards that controls and rules may cite."`

	index *index
}

// Term is one allowed value of an enumeration. Enumerations that are
// scales (classification, integrity) list their terms from lowest to highest.
type Term struct {
	ID          string `yaml:"id,required" json:"id" doc:"The value."`
	Description string `yaml:"description,required" json:"description" doc:"What it means."`
	// Safety marks the actions (enumeration action) whose misuse can hurt
	// someone or open the premises: a rule asks about the kind of action a
	// flow triggers, not about its name, so a model's own actions count too.
	Safety bool              `yaml:"safety" json:"safety,omitempty" doc:"For actions: misuse can hurt someone or open the premises (unlock, disarm, dose)."`
	Src    strictyaml.Source `yaml:"-" json:"-"`
}

// ElementKind describes a kind of component (device, gateway, …).
type ElementKind struct {
	ID          string `yaml:"id,required" json:"id" doc:"Kind id, used in elements[].kind."`
	Name        string `yaml:"name,required" json:"name" doc:"Display name."`
	Description string `yaml:"description,required" json:"description" doc:"What such a component is."`
	// Attributes lists the kind-specific element attributes that apply
	// (physical_access, internet_facing, …); others are errors.
	Attributes []string `yaml:"attributes" json:"attributes" doc:"Kind-specific element keys that apply to this kind."`
	// BoundaryKinds lists the boundary kinds an element of this kind may be
	// placed in directly; empty means any.
	BoundaryKinds []string `yaml:"boundary_kinds" json:"boundary_kinds" doc:"Boundary kinds it may be placed in; empty means any."`
	// ConnectsTo lists the element kinds a flow may join it to; empty means any.
	ConnectsTo []string `yaml:"connects_to" json:"connects_to" doc:"Element kinds a flow may join it to; empty means any."`
	// Human is true for people (users): their flows use human-interface protocols.
	Human bool `yaml:"human" json:"human" doc:"True for people: their flows use human-interface protocols."`
	// VendorOperated is true when the vendor runs elements of this kind.
	VendorOperated bool              `yaml:"vendor_operated" json:"vendor_operated" doc:"True when the vendor runs elements of this kind."`
	Src            strictyaml.Source `yaml:"-" json:"-"`
}

// BoundaryKind describes a kind of trust boundary.
type BoundaryKind struct {
	ID          string `yaml:"id,required" json:"id" doc:"Kind id, used in boundaries[].kind."`
	Name        string `yaml:"name,required" json:"name" doc:"Display name."`
	Description string `yaml:"description,required" json:"description" doc:"What the boundary encloses."`
	// Exposure says who can reach what is inside without crossing another
	// boundary: internet, local (same site or radio range), physical, none.
	Exposure string `yaml:"exposure,required" json:"exposure" doc:"Who reaches what is inside: internet, local, physical or none."`
	// ControlledBy names who administers it: vendor, third-party, user, operator.
	ControlledBy string            `yaml:"controlled_by,required" json:"controlled_by" doc:"Who administers it: vendor, third-party, user, site-operator or nobody."`
	Src          strictyaml.Source `yaml:"-" json:"-"`
}

// Protocol describes a communication protocol and the security it can carry.
type Protocol struct {
	ID          string `yaml:"id,required" json:"id" doc:"Protocol id, used in flows[].protocol and elements[].radios."`
	Name        string `yaml:"name,required" json:"name" doc:"Display name."`
	Description string `yaml:"description,required" json:"description" doc:"What the protocol is and its security properties."`
	// Medium is radio, wired, ip or human (a person using a screen or buttons).
	Medium string `yaml:"medium,required" json:"medium" doc:"radio, wired, ip, human or media."`
	// Range is how far an attacker can be: body, short, local, wide or global.
	Range string `yaml:"range,required" json:"range" doc:"How far away an attacker can be: body, short, local, wide or global."`
	// Encryption lists the encryption values consistent with the protocol;
	// empty means any. HTTPS lists only tls, so `encryption: none` on an
	// https flow is a contradiction.
	Encryption []string `yaml:"encryption" json:"encryption" doc:"Encryption values consistent with the protocol; empty means any."`
	// Authentication lists the consistent authentication values; empty means any.
	Authentication []string `yaml:"authentication" json:"authentication" doc:"Authentication values consistent with the protocol; empty means any."`
	// Options are the protocol's security knobs a flow may set in `options:`.
	Options []Option          `yaml:"options" json:"options" doc:"Security options a flow may set under options:."`
	Src     strictyaml.Source `yaml:"-" json:"-"`
}

// Option is one protocol-specific setting, such as BLE's pairing mode.
type Option struct {
	ID          string            `yaml:"id,required" json:"id" doc:"Option key."`
	Description string            `yaml:"description,required" json:"description" doc:"What the option controls."`
	Values      []Term            `yaml:"values,required" json:"values" doc:"Allowed values."`
	Src         strictyaml.Source `yaml:"-" json:"-"`
}

// Control is a named security or privacy measure that a model declares on
// an element or a flow, and that rules name as their mitigations.
type Control struct {
	ID          string `yaml:"id,required" json:"id" doc:"Control id, used in controls: lists."`
	Name        string `yaml:"name,required" json:"name" doc:"Display name."`
	Description string `yaml:"description,required" json:"description" doc:"What implementing it means."`
	// AppliesTo lists element kinds, or "flow", where declaring it makes sense.
	AppliesTo []string `yaml:"applies_to,required" json:"applies_to" doc:"Element kinds, flow or system: where it may be declared."`
	// References name the standard provisions the control helps satisfy,
	// keyed by standard id (etsi-en-303-645, owasp-iot-2018, nistir-8259a, owasp-isvs).
	References map[string][]string `yaml:"references" json:"references" doc:"Standard provisions it helps satisfy, keyed by standard id."`
	Src        strictyaml.Source   `yaml:"-" json:"-"`
}

// Standard is a catalogue of provisions that findings and controls cite.
type Standard struct {
	ID    string         `yaml:"id,required" json:"id" doc:"Standard id, used as a key in control references."`
	Name  string         `yaml:"name,required" json:"name" doc:"Full name and version."`
	URL   string         `yaml:"url" json:"url" doc:"Where to read it."`
	Items []StandardItem `yaml:"items,required" json:"items" doc:"Its provisions, categories or capabilities."`
	// Regulatory marks a standard whose items are requirements a product
	// must meet or justify as not applicable (the CRA's Annex I, EN
	// 18031): each item gets addressed, partial, gap or not-applicable
	// instead of the catalogue view's gap, addressed or not covered, and
	// findings relate to an item through the controls that mitigate them.
	Regulatory bool              `yaml:"regulatory" json:"regulatory,omitempty" doc:"True when every item is a requirement to meet or justify as not applicable (statuses addressed, partial, gap, not-applicable; see docs/regulatory.md)."`
	Src        strictyaml.Source `yaml:"-" json:"-"`
}

// StandardItem is one provision, category or capability of a standard.
type StandardItem struct {
	ID    string `yaml:"id,required" json:"id" doc:"Provision id as the standard writes it."`
	Title string `yaml:"title,required" json:"title" doc:"Short title."`
	URL   string `yaml:"url" json:"url,omitempty" doc:"Where to read this item, when it has its own address."`
	// Restriction records a limit the Official Journal publishes with
	// the standard's reference: conforming to the item may not give a
	// presumption of conformity in the case it names.
	Restriction string            `yaml:"restriction" json:"restriction,omitempty" doc:"A restriction published with the standard's reference in the Official Journal: when conforming to this item gives no presumption of conformity."`
	Src         strictyaml.Source `yaml:"-" json:"-"`
}

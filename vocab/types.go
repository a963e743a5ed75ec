package vocab

import "github.com/iotthreat/iotthreat/strictyaml"

// Vocabulary is the full set of known words. Built-in returns the embedded
// one; Merge adds a model's extensions.
type Vocabulary struct {
	ElementKinds  []ElementKind     `yaml:"element_kinds" json:"element_kinds"`
	BoundaryKinds []BoundaryKind    `yaml:"boundary_kinds" json:"boundary_kinds"`
	Protocols     []Protocol        `yaml:"protocols" json:"protocols"`
	Controls      []Control         `yaml:"controls" json:"controls"`
	Enums         map[string][]Term `yaml:"enums" json:"enums"`
	Standards     []Standard        `yaml:"standards" json:"standards"`

	index *index
}

// Term is one allowed value of an enumeration. Enumerations that are
// scales (classification, integrity) list their terms from lowest to highest.
type Term struct {
	ID          string            `yaml:"id,required" json:"id"`
	Description string            `yaml:"description,required" json:"description"`
	Src         strictyaml.Source `yaml:"-" json:"-"`
}

// ElementKind describes a kind of component (device, gateway, …).
type ElementKind struct {
	ID          string `yaml:"id,required" json:"id"`
	Name        string `yaml:"name,required" json:"name"`
	Description string `yaml:"description,required" json:"description"`
	// Attributes lists the kind-specific element attributes that apply
	// (physical_access, internet_facing, …); others are errors.
	Attributes []string `yaml:"attributes" json:"attributes"`
	// BoundaryKinds lists the boundary kinds an element of this kind may be
	// placed in directly; empty means any.
	BoundaryKinds []string `yaml:"boundary_kinds" json:"boundary_kinds"`
	// ConnectsTo lists the element kinds a flow may join it to; empty means any.
	ConnectsTo []string `yaml:"connects_to" json:"connects_to"`
	// Human is true for people (users): their flows use human-interface protocols.
	Human bool `yaml:"human" json:"human"`
	// VendorOperated is true when the vendor runs elements of this kind.
	VendorOperated bool              `yaml:"vendor_operated" json:"vendor_operated"`
	Src            strictyaml.Source `yaml:"-" json:"-"`
}

// BoundaryKind describes a kind of trust boundary.
type BoundaryKind struct {
	ID          string `yaml:"id,required" json:"id"`
	Name        string `yaml:"name,required" json:"name"`
	Description string `yaml:"description,required" json:"description"`
	// Exposure says who can reach what is inside without crossing another
	// boundary: internet, local (same site or radio range), physical, none.
	Exposure string `yaml:"exposure,required" json:"exposure"`
	// ControlledBy names who administers it: vendor, third-party, user, operator.
	ControlledBy string            `yaml:"controlled_by,required" json:"controlled_by"`
	Src          strictyaml.Source `yaml:"-" json:"-"`
}

// Protocol describes a communication protocol and the security it can carry.
type Protocol struct {
	ID          string `yaml:"id,required" json:"id"`
	Name        string `yaml:"name,required" json:"name"`
	Description string `yaml:"description,required" json:"description"`
	// Medium is radio, wired, ip or human (a person using a screen or buttons).
	Medium string `yaml:"medium,required" json:"medium"`
	// Range is how far an attacker can be: body, short, local, wide or global.
	Range string `yaml:"range,required" json:"range"`
	// Encryption lists the encryption values consistent with the protocol;
	// empty means any. HTTPS lists only tls, so `encryption: none` on an
	// https flow is a contradiction.
	Encryption []string `yaml:"encryption" json:"encryption"`
	// Authentication lists the consistent authentication values; empty means any.
	Authentication []string `yaml:"authentication" json:"authentication"`
	// Options are the protocol's security knobs a flow may set in `options:`.
	Options []Option          `yaml:"options" json:"options"`
	Src     strictyaml.Source `yaml:"-" json:"-"`
}

// Option is one protocol-specific setting, such as BLE's pairing mode.
type Option struct {
	ID          string            `yaml:"id,required" json:"id"`
	Description string            `yaml:"description,required" json:"description"`
	Values      []Term            `yaml:"values,required" json:"values"`
	Src         strictyaml.Source `yaml:"-" json:"-"`
}

// Control is a named security or privacy measure that a model declares on
// an element or a flow, and that rules name as their mitigations.
type Control struct {
	ID          string `yaml:"id,required" json:"id"`
	Name        string `yaml:"name,required" json:"name"`
	Description string `yaml:"description,required" json:"description"`
	// AppliesTo lists element kinds, or "flow", where declaring it makes sense.
	AppliesTo []string `yaml:"applies_to,required" json:"applies_to"`
	// References name the standard provisions the control helps satisfy,
	// keyed by standard id (etsi-en-303-645, owasp-iot-2018, nistir-8259a, owasp-isvs).
	References map[string][]string `yaml:"references" json:"references"`
	Src        strictyaml.Source   `yaml:"-" json:"-"`
}

// Standard is a catalogue of provisions that findings and controls cite.
type Standard struct {
	ID    string            `yaml:"id,required" json:"id"`
	Name  string            `yaml:"name,required" json:"name"`
	URL   string            `yaml:"url" json:"url"`
	Items []StandardItem    `yaml:"items,required" json:"items"`
	Src   strictyaml.Source `yaml:"-" json:"-"`
}

// StandardItem is one provision, category or capability of a standard.
type StandardItem struct {
	ID    string            `yaml:"id,required" json:"id"`
	Title string            `yaml:"title,required" json:"title"`
	Src   strictyaml.Source `yaml:"-" json:"-"`
}

package model

import (
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// FormatVersion is the model format version this package reads.
const FormatVersion = 1

// Model is a whole system description: one file, or a root file and the
// files it includes, merged.
type Model struct {
	Version     int                 `yaml:"iotthreat" json:"iotthreat" doc:"Model format version; must be 1. Required in the root file, optional in included files."`
	Include     []string            `yaml:"include" json:"include" doc:"Further model files to merge, relative to this file and inside its directory tree."`
	System      System              `yaml:"system" json:"system" doc:"What the model describes."`
	Data        []DataAsset         `yaml:"data" json:"data" doc:"Data assets the system carries and stores."`
	Boundaries  []Boundary          `yaml:"boundaries" json:"boundaries" doc:"Trust boundaries; nest them with within."`
	Elements    []Element           `yaml:"elements" json:"elements" doc:"Components: devices, gateways, services, clients, data stores and users."`
	Flows       []Flow              `yaml:"flows" json:"flows" doc:"Data flows between elements."`
	Tracking    map[string]Tracking `yaml:"tracking" json:"tracking" doc:"Triage decisions keyed by finding id (RULE@target; RULE@* matches every target)."`
	Rules       []Rule              `yaml:"rules" json:"rules" doc:"The model's own threat rules, in the built-in rule format."`
	Threats     []Threat            `yaml:"threats" json:"threats" doc:"Threats written by hand (or imported from another tool), each on one target; reported and tracked like rule findings."`
	Vocabulary  vocab.Vocabulary    `yaml:"vocabulary" json:"vocabulary" doc:"Extensions to the built-in vocabularies: new protocols, controls, kinds, enumeration values."`
	Product     *Product            `yaml:"product" json:"product,omitempty" doc:"Product facts regulatory evidence needs and the model cannot infer (CRA, EN 18031): intended purpose, support period, category, applicability decisions. Optional; in one file only."`
	AttackPaths *AttackPaths        `yaml:"attack_paths" json:"attack_paths,omitempty" doc:"Entry points and targets for the attack-path search beyond those derived from the facts, and derived ones to leave out, each with the reason. Optional; in one file only."`

	Src strictyaml.Source `yaml:"-" json:"-"`
	// Files lists every file the model was loaded from, root first.
	Files []string `yaml:"-" json:"-"`
}

// System names the product and says how much is at stake.
type System struct {
	Name        string   `yaml:"name" json:"name" doc:"Product or system name. Required (in one of the files)."`
	Description string   `yaml:"description" json:"description" doc:"What the system does, for readers of reports."`
	Owner       string   `yaml:"owner" json:"owner" doc:"Who answers for this model (team or e-mail)."`
	Criticality string   `yaml:"criticality" json:"criticality" doc:"How much is at stake overall: low, medium, high or critical (the level scale)."`
	Deployment  int      `yaml:"deployment" json:"deployment" doc:"Expected number of deployed units (devices in the field); sizes the blast radius of fleet-wide attacks."`
	Controls    []string `yaml:"controls" json:"controls" doc:"Programme-level controls (vulnerability-disclosure, support-period, privacy-notice, …)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// DataAsset is a kind of data the system handles.
type DataAsset struct {
	ID             string   `yaml:"id,required" json:"id" doc:"Unique id (lower-case words joined by hyphens)."`
	Name           string   `yaml:"name" json:"name" doc:"Human-readable name."`
	Description    string   `yaml:"description" json:"description" doc:"What the data is."`
	Classification string   `yaml:"classification" json:"classification" doc:"Confidentiality: public < internal < confidential < personal < sensitive < secret. Default internal."`
	Integrity      string   `yaml:"integrity" json:"integrity" doc:"How much harm tampering does: low < medium < high < critical. Default medium."`
	Availability   string   `yaml:"availability" json:"availability" doc:"How much harm loss of access does: low < medium < high < critical. Default medium."`
	Tags           []string `yaml:"tags" json:"tags" doc:"Free-form labels."`
	Scope          string   `yaml:"scope" json:"scope,omitempty" doc:"For keys and credentials: unit (unique per unit), account, or fleet (the same on every unit, so one opened unit reveals it for all)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// Boundary is a trust boundary: everything inside shares one level of trust.
type Boundary struct {
	ID          string `yaml:"id,required" json:"id" doc:"Unique id."`
	Name        string `yaml:"name" json:"name" doc:"Human-readable name."`
	Kind        string `yaml:"kind,required" json:"kind" doc:"Boundary kind (physical, local-network, radio-network, internet, vendor-cloud, third-party-cloud, mobile-device, browser, …)."`
	Within      string `yaml:"within" json:"within" doc:"Id of the enclosing boundary, for nesting."`
	Description string `yaml:"description" json:"description" doc:"What the boundary encloses."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// Element is a component of the system. Common attributes apply to every
// kind; the kind-specific ones are listed per kind in the element-kinds
// vocabulary, and setting one on a kind it does not apply to is an error.
type Element struct {
	ID          string   `yaml:"id,required" json:"id" doc:"Unique id."`
	Name        string   `yaml:"name" json:"name" doc:"Human-readable name."`
	Kind        string   `yaml:"kind,required" json:"kind" doc:"Element kind: device, gateway, support-service, third-party-service, mobile-client, web-client, datastore or user."`
	Description string   `yaml:"description" json:"description" doc:"What the element does."`
	Boundary    string   `yaml:"boundary" json:"boundary" doc:"Id of the innermost trust boundary the element sits in."`
	Technology  string   `yaml:"technology" json:"technology" doc:"Main technology (\"ESP32 + FreeRTOS\", \"Go on Kubernetes\", \"PostgreSQL 16\")."`
	Owner       string   `yaml:"owner" json:"owner" doc:"Team responsible for the element."`
	Stores      []string `yaml:"stores" json:"stores" doc:"Ids of data assets stored at rest here."`
	Processes   []string `yaml:"processes" json:"processes" doc:"Ids of data assets processed here without being stored."`
	Controls    []string `yaml:"controls" json:"controls" doc:"Ids of controls implemented by this element."`
	Tags        []string `yaml:"tags" json:"tags" doc:"Free-form labels."`

	// Devices and gateways.
	PhysicalAccess   string    `yaml:"physical_access" json:"physical_access" doc:"Who can touch the hardware: none < restricted < public."`
	DebugInterfaces  []string  `yaml:"debug_interfaces" json:"debug_interfaces" doc:"Debug or maintenance interfaces present in production units (uart, jtag, swd, usb, adb, telnet, ssh, web-console)."`
	FirmwareUpdate   string    `yaml:"firmware_update" json:"firmware_update" doc:"How firmware is updated: none, manual or ota."`
	OS               string    `yaml:"os" json:"os" doc:"Operating system and version (\"Zephyr 3.6\", \"Yocto Linux 4.0\")."`
	FirmwareVersion  string    `yaml:"firmware_version" json:"firmware_version" doc:"Firmware version the model describes."`
	Radios           []string  `yaml:"radios" json:"radios" doc:"Radio interfaces present, as protocol ids (ble, wifi, zigbee, cellular, …), whether or not a flow uses them."`
	Sensors          []string  `yaml:"sensors" json:"sensors" doc:"Sensors (camera, microphone, motion, heart-rate, gps, …); they decide what personal data the device can capture."`
	Actuators        []string  `yaml:"actuators" json:"actuators" doc:"Actuators (lock bolt, relay, valve, motor, …)."`
	Services         []Service `yaml:"services" json:"services" doc:"Network services listening on the element."`
	HardwareSecurity string    `yaml:"hardware_security" json:"hardware_security" doc:"Hardware key protection: none, secure-element, tpm, tee or puf."`
	Credentials      string    `yaml:"credentials" json:"credentials" doc:"How login credentials are set: none, unique, user-defined, shared-default or hard-coded."`
	Instances        int       `yaml:"instances" json:"instances" doc:"How many identical units are deployed (fleet size of this device type)."`
	SafetyCritical   bool      `yaml:"safety_critical" json:"safety_critical" doc:"True when misuse can cause physical harm (locks, heating, industrial actuators)."`

	// Services, devices and gateways.
	InternetFacing *bool `yaml:"internet_facing" json:"internet_facing" doc:"True when reachable from the internet without crossing another boundary."`

	// Devices and gateways: how they are set up and what happens offline.
	Onboarding   *Onboarding `yaml:"onboarding" json:"onboarding,omitempty" doc:"Device or gateway: how a new unit is set up (soft-AP page, BLE provisioning, pairing window)."`
	WithoutCloud string      `yaml:"without_cloud" json:"without_cloud,omitempty" doc:"Device or gateway: what its essential function does when the internet or vendor cloud is unreachable: works, degraded or stops."`

	// Support services, third-party services and data stores.
	MultiTenant  *bool  `yaml:"multi_tenant" json:"multi_tenant" doc:"True when one instance serves many customers."`
	DataSubjects int    `yaml:"data_subjects" json:"data_subjects" doc:"How many people's data the element holds; sizes data-concentration risk."`
	Provider     string `yaml:"provider" json:"provider" doc:"Third-party service: the company that runs it."`
	Jurisdiction string `yaml:"jurisdiction" json:"jurisdiction" doc:"Third-party service: country or region where data is processed (\"EU\", \"US\")."`
	GrantScope   string `yaml:"grant_scope" json:"grant_scope,omitempty" doc:"Third-party service: what the user's grant (OAuth consent, account link) lets it do: read-only, selected-devices, all-devices or account."`

	// Clients and users.
	Platform string `yaml:"platform" json:"platform" doc:"Mobile client: ios, android or cross-platform."`
	Role     string `yaml:"role" json:"role" doc:"User: owner, member, guest, installer, operator, support or administrator."`
	// SharedAccount says several people sign in as this one user, so no
	// record can tell who issued a command.
	SharedAccount bool `yaml:"shared_account" json:"shared_account,omitempty" doc:"User: several people sign in with this one login (a shift account, a shared installer password)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// Service is a network service listening on an element.
type Service struct {
	Name            string   `yaml:"name,required" json:"name" doc:"Service name (\"local REST API\", \"telnetd\")."`
	Protocol        string   `yaml:"protocol,required" json:"protocol" doc:"Protocol id."`
	Port            int      `yaml:"port" json:"port" doc:"TCP/UDP port, when there is one (1–65535)."`
	Authentication  string   `yaml:"authentication" json:"authentication" doc:"How callers authenticate (none, password, token, …)."`
	Encryption      string   `yaml:"encryption" json:"encryption" doc:"How traffic is protected (none, tls, …)."`
	TLSVersion      string   `yaml:"tls_version" json:"tls_version,omitempty" doc:"Lowest TLS version the service accepts: 1.0, 1.1, 1.2 or 1.3."`
	CredentialScope string   `yaml:"credential_scope" json:"credential_scope,omitempty" doc:"How widely the credential callers present is shared: unit, account or fleet."`
	Formats         []string `yaml:"formats" json:"formats,omitempty" doc:"Payload formats the service accepts (json, xml, serialized-object, file-upload, url, command, …)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// Onboarding describes how a new device or gateway is set up: the moment
// it accepts a stranger's configuration, and often a Wi-Fi password.
type Onboarding struct {
	Method           string   `yaml:"method,required" json:"method" doc:"soft-ap, ble, qr-code, wps, nfc, cloud-claim, wired or installer-tool."`
	Authentication   string   `yaml:"authentication" json:"authentication,omitempty" doc:"How the unit authenticates whoever sets it up (none, pin, pairing, …). Default none."`
	Encryption       string   `yaml:"encryption" json:"encryption,omitempty" doc:"How setup traffic is protected (none, link, tls, app, …). Default none."`
	ClosesAfterSetup *bool    `yaml:"closes_after_setup" json:"closes_after_setup,omitempty" doc:"True when setup mode ends once the unit is set up and reopens only by a deliberate action on the unit (a button, a reset)."`
	WindowMinutes    int      `yaml:"window_minutes" json:"window_minutes,omitempty" doc:"How long setup mode stays open once started, in minutes (0 when it has no limit or it is unknown)."`
	Receives         []string `yaml:"receives" json:"receives,omitempty" doc:"Ids of data assets the unit receives during setup (Wi-Fi password, account token)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// Flow is data moving from one element to another. Protocol names how the
// bytes move; Encryption and Authentication say how they are protected.
type Flow struct {
	ID             string            `yaml:"id,required" json:"id" doc:"Unique id."`
	Name           string            `yaml:"name" json:"name" doc:"Human-readable name."`
	Description    string            `yaml:"description" json:"description" doc:"What the flow is for."`
	From           string            `yaml:"from,required" json:"from" doc:"Id of the element that initiates the flow."`
	To             string            `yaml:"to,required" json:"to" doc:"Id of the element that receives it."`
	Protocol       string            `yaml:"protocol,required" json:"protocol" doc:"Highest-layer protocol (mqtt, https, ble, zigbee, …)."`
	Port           int               `yaml:"port" json:"port" doc:"TCP/UDP port, when relevant."`
	Data           []string          `yaml:"data" json:"data" doc:"Ids of the data assets carried."`
	Encryption     string            `yaml:"encryption" json:"encryption" doc:"none, link, tls, dtls, app or vpn. Default none."`
	Authentication string            `yaml:"authentication" json:"authentication" doc:"How the receiver authenticates the sender: none, password, pin, api-key, token, session, certificate, mutual-tls, pairing, shared-key. Default none."`
	Bidirectional  bool              `yaml:"bidirectional" json:"bidirectional" doc:"True when data also flows back (replies carrying data assets)."`
	Options        map[string]string `yaml:"options" json:"options" doc:"Protocol security options (ble pairing, mqtt topic_acl, zwave security, …)."`
	Controls       []string          `yaml:"controls" json:"controls" doc:"Ids of controls applied to this flow."`
	Tags           []string          `yaml:"tags" json:"tags" doc:"Free-form labels."`

	// Via says which networks the flow really travels: the ends' own
	// boundaries cannot tell a phone on the home Wi-Fi from one abroad.
	Via                []string `yaml:"via" json:"via,omitempty" doc:"Ids of the boundaries the flow travels through between its ends (a home network, the internet). When set, the flow crosses the internet only if one of them is internet-exposed."`
	Actions            []string `yaml:"actions" json:"actions,omitempty" doc:"Commands the flow can trigger at its destination (unlock, disarm, setpoint, firmware-update, …)."`
	CredentialScope    string   `yaml:"credential_scope" json:"credential_scope,omitempty" doc:"How widely the credential the sender presents is shared: unit, account or fleet (the same on every unit)."`
	ServerVerification string   `yaml:"server_verification" json:"server_verification,omitempty" doc:"How the sender checks the receiver's certificate: none, ca or pinned."`
	TLSVersion         string   `yaml:"tls_version" json:"tls_version,omitempty" doc:"Lowest TLS or DTLS version the two ends accept: 1.0, 1.1, 1.2 or 1.3."`
	Formats            []string `yaml:"formats" json:"formats,omitempty" doc:"Payload formats carried (json, xml, serialized-object, file-upload, url, command, …)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// Tracking records a triage decision on one finding (or, with RULE@*, on
// every finding of a rule).
type Tracking struct {
	Status string `yaml:"status,required" json:"status" doc:"open, in-progress, mitigated, accepted or false-positive."`
	Reason string `yaml:"reason" json:"reason" doc:"Why; required for accepted and false-positive."`
	Ticket string `yaml:"ticket" json:"ticket" doc:"Issue-tracker reference."`
	By     string `yaml:"by" json:"by" doc:"Who decided."`
	Date   string `yaml:"date" json:"date" doc:"When it was decided (YYYY-MM-DD)."`
	Until  string `yaml:"until" json:"until" doc:"Acceptance end date (YYYY-MM-DD); afterwards the finding reopens."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// Rule is a threat rule written in the model. Built-in rules use the same
// format; the engine compiles and checks Condition, Likelihood and Impact.
type Rule struct {
	ID          string      `yaml:"id,required" json:"id" doc:"Rule id, AREA-NNN style in capitals (ACME-LOCK-001); must not clash with a built-in id."`
	Title       string      `yaml:"title,required" json:"title" doc:"One-line statement of the threat."`
	Description string      `yaml:"description" json:"description" doc:"The threat explained."`
	Target      RuleTarget  `yaml:"target,required" json:"target" doc:"What the rule is evaluated against."`
	Condition   string      `yaml:"condition,required" json:"condition" doc:"CEL expression over the target's facts; the rule fires when it is true."`
	STRIDE      []string    `yaml:"stride" json:"stride" doc:"STRIDE categories."`
	LINDDUN     []string    `yaml:"linddun" json:"linddun" doc:"LINDDUN privacy threat types."`
	Likelihood  string      `yaml:"likelihood,required" json:"likelihood" doc:"low, medium, high or critical, or a CEL expression yielding one."`
	Impact      string      `yaml:"impact,required" json:"impact" doc:"low, medium, high or critical, or a CEL expression yielding one."`
	Controls    []string    `yaml:"controls" json:"controls" doc:"Controls that mitigate the threat when all are declared."`
	Mitigation  string      `yaml:"mitigation,required" json:"mitigation" doc:"What to do about it."`
	ControlsAt  []string    `yaml:"controls_at" json:"controls_at" doc:"Flow rules: where declared controls count, among flow, source and destination (default all three); system controls always count."`
	Fixed       bool        `yaml:"fixed_severity" json:"fixed_severity" doc:"Severity is exactly likelihood × impact, never raised by exposure or data sensitivity (model-hygiene rules)."`
	References  RuleRefs    `yaml:"references" json:"references" doc:"CWE, CAPEC and standard references."`
	Examples    RuleExample `yaml:"examples" json:"examples" doc:"Model fragments on which the rule fires (positive) and does not (negative)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// RuleTarget selects what a rule is evaluated against.
type RuleTarget struct {
	Type  string   `yaml:"type,required" json:"type" doc:"element, flow, boundary, data or system."`
	Kinds []string `yaml:"kinds" json:"kinds" doc:"For element rules: the element kinds (empty means every kind)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// RuleRefs are a rule's references to weakness catalogues and standards.
type RuleRefs struct {
	CWE []int `yaml:"cwe" json:"cwe" doc:"CWE ids (numbers)."`
	// NoCWE is for the few privacy rules that name no weakness of software
	// or hardware (a duty to inform or to ask consent): a rule says why
	// rather than carry a CWE that does not fit.
	NoCWE      string   `yaml:"no_cwe" json:"no_cwe,omitempty" doc:"Why no CWE fits, for a privacy rule that names none (a duty to inform or to obtain consent, not a weakness)."`
	CAPEC      []int    `yaml:"capec" json:"capec" doc:"CAPEC ids (numbers)."`
	OWASPIoT   []string `yaml:"owasp_iot" json:"owasp_iot" doc:"OWASP IoT Top 10 (2018) categories, I1–I10."`
	ETSI       []string `yaml:"etsi" json:"etsi" doc:"ETSI EN 303 645 provisions (5.1-1 …)."`
	NISTIR8259 []string `yaml:"nist_ir_8259a" json:"nist_ir_8259a" doc:"NISTIR 8259A capabilities."`
	ISVS       []string `yaml:"isvs" json:"isvs" doc:"OWASP ISVS chapters, V1–V5."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// RuleExample holds small models that exercise a rule: the rule must fire
// on the positive one and be suppressed (by a declared control or a safe
// attribute) on the negative one. One table-driven test walks them all.
// iotthreat and system.name may be left out; the test fills them in.
type RuleExample struct {
	Positive *Model `yaml:"positive" json:"positive" doc:"A model on which the rule fires (an open finding)."`
	Negative *Model `yaml:"negative" json:"negative" doc:"A model on which a control or a safe attribute suppresses it (no open finding)."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// Product holds what a regulatory assessment needs to know about the
// product and the model cannot infer from its elements and flows: why the
// product exists, how long it is supported, which rules it falls under,
// and which requirements the manufacturer judged not to apply and why
// (CRA Art. 13(4) asks for that justification in writing).
type Product struct {
	IntendedPurpose   string `yaml:"intended_purpose" json:"intended_purpose,omitempty" doc:"What the product is for, as the manufacturer states it (CRA Art. 13(3))."`
	ForeseeableUse    string `yaml:"foreseeable_use" json:"foreseeable_use,omitempty" doc:"Reasonably foreseeable use beyond the intended purpose: where and by whom it will be used."`
	ForeseeableMisuse string `yaml:"foreseeable_misuse" json:"foreseeable_misuse,omitempty" doc:"Reasonably foreseeable misuse the assessment considers."`
	SupportUntil      string `yaml:"support_until" json:"support_until,omitempty" doc:"Last day of the support period, YYYY-MM-DD: until then vulnerabilities are handled and security updates provided (CRA Art. 13(8))."`
	Category          string `yaml:"category" json:"category,omitempty" doc:"CRA product category: default, important-class-i, important-class-ii or critical (Annexes III and IV). Default default."`
	// VulnerabilityContact and SBOM are evidence for Annex I Part II
	// points (6) and (1); the tool records where they are, it does not
	// fetch or check them.
	VulnerabilityContact string `yaml:"vulnerability_contact" json:"vulnerability_contact,omitempty" doc:"Where vulnerabilities are reported: an e-mail address or web page (CRA Annex I Part II (6))."`
	SBOM                 string `yaml:"sbom" json:"sbom,omitempty" doc:"Where the software bill of materials is kept: a path or URL (CRA Annex I Part II (1))."`
	// EN18031Parts lists the parts of EN 18031 that apply; when it is
	// not written, they are derived from the model (radios, personal data).
	EN18031Parts []int    `yaml:"en_18031_parts" json:"en_18031_parts,omitempty" doc:"Parts of EN 18031 that apply: 1 (internet-connected radio equipment), 2 (personal data), 3 (monetary value). When not written, derived from the model's radios and data."`
	Assets       []string `yaml:"assets" json:"assets,omitempty" doc:"Ids of the data assets the EN 18031 assessment covers (security, network, privacy and financial assets); empty means every data asset."`
	// NotApplicable holds, per regulatory standard and item, why the
	// manufacturer judged a requirement not to apply.
	NotApplicable map[string]map[string]string `yaml:"not_applicable" json:"not_applicable,omitempty" doc:"Requirements judged not applicable, with the written justification, keyed by standard and item: {eu-cra-annex-i: {I-2j: \"why\"}}. Regulatory standards, and etsi-en-303-645 for its conformance statement."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

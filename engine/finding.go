package engine

// Finding is one threat found on one target. Its JSON form is the contract
// every other output and every test builds on: every field is always
// present, lists are [] rather than absent, nothing is omitted, and the
// fields come in the order findingJSON lists them.
//
// What comes from the rule alone (title, references, controls) is in
// RuleFacts, shared by every finding of the rule: a 100,000-element model
// has over a million findings, and copying those eleven fields into each
// made them 45% of the analysis' memory. Its fields read as the Finding's
// own (f.Title); build a Finding with a non-nil RuleFacts, and never
// change one through a finding.
type Finding struct {
	ID   string `json:"id"` // RULE@target, stable across runs and unrelated edits
	Rule string `json:"rule"`
	*RuleFacts
	Target     Target `json:"target"`
	Severity   string `json:"severity"`
	Likelihood string `json:"likelihood"`
	Impact     string `json:"impact"`
	// Why says why it fired and why it got its severity. Findings of one
	// rule with the same reasons share the list: read it, or append to it
	// (it has no spare capacity, so appending copies), never write into it.
	Why         []string `json:"why"`
	Status      string   `json:"status"`
	MitigatedBy []string `json:"mitigated_by"` // declared controls that mitigate it
	Mitigations []string `json:"mitigations"`
	Tracking    Triage   `json:"tracking"`
	Source      Source   `json:"source"`
	// Origin is "manual" for a threat written in the model's threats:
	// section (its Source is then the threat's own lines), and empty, and
	// left out of the JSON, for a rule's finding.
	Origin string `json:"origin,omitempty"`
}

// RuleFacts are the parts of a finding that depend only on its rule (or
// manual threat). Lists are never nil.
type RuleFacts struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	STRIDE      []string `json:"stride"`
	LINDDUN     []string `json:"linddun"`
	Controls    []string `json:"controls"` // every control that mitigates it
	CWE         []int    `json:"cwe"`
	CAPEC       []int    `json:"capec"`
	OWASPIoT    []string `json:"owasp_iot"`
	ETSI        []string `json:"etsi"`
	NISTIR8259A []string `json:"nist_ir_8259a"`
	ISVS        []string `json:"isvs"`
}

// Target names what a finding is about.
type Target struct {
	Type string `json:"type"` // element, flow, boundary, data or system
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"` // element kind, boundary kind, protocol for flows
}

// Triage is the tracking decision applied to a finding, if any.
type Triage struct {
	Entry   string `json:"entry"` // the tracking key that matched ("" when none)
	Reason  string `json:"reason"`
	Ticket  string `json:"ticket"`
	By      string `json:"by"`
	Date    string `json:"date"`
	Until   string `json:"until"`
	Expired bool   `json:"expired"` // an acceptance past its date: the finding is open again
}

// Source is where the target is defined in the model files.
type Source struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Report is the result of an analysis.
type Report struct {
	System   string          `json:"system"`
	Findings []Finding       `json:"findings"`
	Summary  Summary         `json:"summary"`
	Orphaned []OrphanedEntry `json:"orphaned_tracking"`
}

// Summary counts findings.
type Summary struct {
	Total      int            `json:"total"`
	Open       int            `json:"open"`
	BySeverity map[string]int `json:"by_severity"` // every severity present, zero included
	ByStatus   map[string]int `json:"by_status"`   // every status present, zero included
	Rules      int            `json:"rules_evaluated"`
	Targets    int            `json:"targets"`
}

// OrphanedEntry is a tracking entry that matched no finding: the threat it
// triaged is gone, or its id has a typo. It is reported, never dropped.
type OrphanedEntry struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Source Source `json:"source"`
}

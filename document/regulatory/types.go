package regulatory

import (
	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/paths"
)

// The documents, by the name `report --standard` takes.
const (
	// CRA is the Cyber Resilience Act risk assessment (Art. 13, Annex VII).
	CRA = "eu-cra"
	// EN18031 is the EN 18031 pre-fill, asset by asset.
	EN18031 = "en-18031"
	// ETSI is the ETSI EN 303 645 implementation conformance statement
	// (the ICS proforma of TS 103 701).
	ETSI = "etsi-en-303-645"
)

// Kinds lists the documents in the order help text names them.
var Kinds = []string{CRA, EN18031, ETSI}

// Outcomes of an EN 18031 decision for one asset and requirement.
const (
	Pass          = "pass"
	Fail          = "fail"
	NotApplicable = "not-applicable"
)

// Support values of an EN 303 645 provision in the conformance statement.
const (
	Supported    = "supported"
	NotSupported = "not-supported"
	// NotApplicable (above) is the third.
)

// Document is one regulatory evidence document, worked out once so that
// every format (Markdown, JSON, HTML, PDF, XLSX) says the same thing.
// Exactly one of CRA, EN18031 and ICS is set, as Kind says.
type Document struct {
	Kind    string   `json:"kind"`  // CRA, EN18031 or ETSI
	Title   string   `json:"title"` // "Cybersecurity risk assessment (EU CRA, Regulation (EU) 2024/2847)"
	Date    string   `json:"date"`  // YYYY-MM-DD
	Version string   `json:"version"`
	Files   []string `json:"files"` // the model files, root first
	// Disclaimer says, on every document, that it is evidence prepared
	// from the threat model and not a declaration of conformity.
	Disclaimer string       `json:"disclaimer"`
	System     model.System `json:"system"`
	// Product is the model's product block, the zero value when the
	// model has none (ProductMissing then names what the document lacks).
	Product        model.Product `json:"product"`
	ProductMissing []string      `json:"product_missing"` // "product.intended_purpose", …
	Architecture   Architecture  `json:"architecture"`
	// Summary is the table a reviewer reads in a minute: one row per
	// standard (or EN 18031 part) with its counts by status.
	Summary []SummaryRow          `json:"summary"`
	CRA     *CRAAssessment        `json:"cra,omitempty"`
	EN18031 *EN18031Prefill       `json:"en_18031,omitempty"`
	ICS     *ConformanceStatement `json:"ics,omitempty"`
	// Findings are the analysis findings the document refers to by
	// index (FindingRef.Index), worst first as the engine sorts them.
	Findings []engine.Finding `json:"-"`
}

// Architecture describes the system from the model (CRA Annex VII
// point 2(a)): what it is made of, where the trust boundaries run, and
// the diagram.
type Architecture struct {
	Elements   int `json:"elements"`
	Flows      int `json:"flows"`
	Boundaries int `json:"boundaries"`
	DataAssets int `json:"data_assets"`
	// Components lists each element: id, name, kind, boundary and what it
	// does (its description), in model order.
	Components []Component `json:"components"`
	// Crossings are the flows that cross a trust boundary, with their
	// protocol and protection.
	Crossings []Crossing `json:"crossings"`
	// DiagramSVG is the laid-out diagram, or nil with DiagramNote saying
	// why it is missing. Not in JSON.
	DiagramSVG  []byte `json:"-"`
	DiagramNote string `json:"diagram_note,omitempty"`
}

// Component is one element of the architecture description.
type Component struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Boundary    string `json:"boundary"`
	Description string `json:"description,omitempty"`
}

// Crossing is one flow across a trust boundary.
type Crossing struct {
	ID             string   `json:"id"`
	From           string   `json:"from"`
	To             string   `json:"to"`
	Protocol       string   `json:"protocol"`
	Encryption     string   `json:"encryption"`     // "" when the model does not say
	Authentication string   `json:"authentication"` // "" when the model does not say
	Data           []string `json:"data"`
	OverInternet   bool     `json:"over_internet"`
}

// SummaryRow counts one standard's (or EN 18031 part's) items by
// status: for the CRA and EN 18031 parts the requirement statuses
// (compliance.RequirementStatuses), for the ICS the support values.
type SummaryRow struct {
	Standard   string         `json:"standard"` // id: eu-cra-annex-i, en-18031-1, etsi-en-303-645
	Name       string         `json:"name"`
	Applicable bool           `json:"applicable"`
	Reason     string         `json:"reason,omitempty"` // why not applicable
	Counts     map[string]int `json:"counts"`
}

// FindingRef is a finding as a regulatory document cites it: enough to
// read on its own, and its index into Document.Findings for formats that
// link to the full text.
type FindingRef struct {
	Index    int           `json:"-"`
	ID       string        `json:"id"` // RULE@target
	Title    string        `json:"title"`
	Severity string        `json:"severity"`
	Status   string        `json:"status"`
	Reason   string        `json:"reason,omitempty"` // the tracking reason (accepted, false positive…)
	Until    string        `json:"until,omitempty"`  // an acceptance's expiry
	Source   engine.Source `json:"source"`
}

// CRAAssessment is the cybersecurity risk assessment the CRA's Article
// 13 asks for, item by item of Annex I.
type CRAAssessment struct {
	Standard compliance.RequirementStandard `json:"-"` // the statuses it is built from
	Items    []CRAItem                      `json:"items"`
	// Counts tallies leaf items by status (every status present).
	Counts map[string]int `json:"counts"`
	// Paths are the worst attack paths: residual risk as chains of
	// steps, not single findings. Choke points say what cuts most.
	Paths       []paths.Path  `json:"paths"`
	ChokePoints []paths.Choke `json:"choke_points"`
	// PathsSummary is the headline of the attack-path search, as the
	// findings report prints it: how many paths, how many critical.
	PathsSummary string `json:"paths_summary"`
	// RiskSummary counts the findings by severity and status, the
	// assessment's overall picture.
	RiskSummary map[string]map[string]int `json:"risk_summary"`
}

// CRAItem is one Annex I item: whether it applies, how it is
// implemented, the evidence, the residual risk and the gaps.
type CRAItem struct {
	ID     string `json:"id"` // I-1, I-2a … II-8
	Title  string `json:"title"`
	URL    string `json:"url"`
	Status string `json:"status"` // compliance.RequirementStatuses
	Reason string `json:"reason"` // why that status, in one sentence
	// Applicability says why the item applies (derived from model
	// facts), or the product block's written justification when not.
	Applicability string `json:"applicability"`
	// Implementation are the declared controls that implement the item,
	// each with where it is declared; Facts the product facts.
	Implementation []compliance.DeclaredControl `json:"implementation"`
	Facts          []string                     `json:"facts"`
	// Evidence are the related findings those controls mitigate.
	Evidence []FindingRef `json:"evidence"`
	// Residual are the related findings still open, in progress or
	// accepted (with the reason and expiry).
	Residual []FindingRef `json:"residual"`
	// EvidenceCount and ResidualCount count them all: the lists hold at
	// most MaxItemFindings, the worst first (Annex I (1) relates to every
	// finding).
	EvidenceCount int `json:"evidence_count"`
	ResidualCount int `json:"residual_count"`
	// Gaps say in words what is missing for the item to be addressed;
	// empty when it is addressed or not applicable.
	Gaps []string `json:"gaps"`
}

// EN18031Prefill pre-fills the EN 18031 assessment: the standard is
// asset-based, so each applicable part lists, for each asset in scope,
// the decision on each applicable requirement.
type EN18031Prefill struct {
	Parts []EN18031Part `json:"parts"`
}

// EN18031Part is one part of EN 18031 (1, 2 or 3).
type EN18031Part struct {
	Standard   string `json:"standard"` // en-18031-1 …
	Name       string `json:"name"`
	Applicable bool   `json:"applicable"`
	Reason     string `json:"reason"` // why it applies or not
	// Requirements are the part's requirements with their overall
	// status (compliance), in standard order; Assets the per-asset
	// decisions.
	Requirements []compliance.Requirement `json:"requirements"`
	Assets       []AssetAssessment        `json:"assets"`
	// Excluded names the model's data assets this part does not assess,
	// each with why ("user-account: privacy asset, assessed under
	// EN 18031-2"), so that no asset silently goes missing.
	Excluded []string `json:"excluded"`
	// Counts tallies decisions by outcome (pass, fail, not-applicable).
	Counts map[string]int `json:"counts"`
}

// AssetAssessment is one asset in scope and the decisions about it.
type AssetAssessment struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Category is the standard's asset category: security, network,
	// privacy or financial, derived from the model (see the builder).
	Category string `json:"category"`
	// CategoryReason says which model fact gave the category
	// ("classified secret: a key, credential or token").
	CategoryReason string `json:"category_reason"`
	// Mechanisms are the protections the model states for the asset
	// (encryption on the flows that carry it, controls of the elements
	// that store it), as "control secure-storage on lock".
	Mechanisms []string   `json:"mechanisms"`
	Decisions  []Decision `json:"decisions"`
}

// Decision is the outcome of one requirement for one asset, with the
// model facts that justify it.
type Decision struct {
	Requirement string       `json:"requirement"` // ACM-1 …
	Title       string       `json:"title"`
	Family      string       `json:"family"`  // ACM, AUM …
	Outcome     string       `json:"outcome"` // Pass, Fail, NotApplicable
	Facts       []string     `json:"facts"`   // why, in model terms
	Findings    []FindingRef `json:"findings"`
	Restriction string       `json:"restriction,omitempty"`
}

// ConformanceStatement is the ETSI EN 303 645 implementation conformance
// statement, provision by provision.
type ConformanceStatement struct {
	Provisions []Provision    `json:"provisions"`
	Counts     map[string]int `json:"counts"` // by support value
}

// Provision is one EN 303 645 provision: whether the product supports
// it, with the detail that says how or why not.
type Provision struct {
	ID       string       `json:"id"` // 5.1-1 …
	Title    string       `json:"title"`
	Support  string       `json:"support"` // Supported, NotSupported, NotApplicable
	Detail   string       `json:"detail"`
	Controls []string     `json:"controls"` // declared controls citing it
	Findings []FindingRef `json:"findings"` // open findings citing it
}

package engine

import (
	"bytes"
	"encoding/json"
)

// findingJSON is a Finding's JSON form, field by field in the contract's
// order: the shared RuleFacts would otherwise be written first, where Go
// embeds them, instead of where readers of earlier reports find them.
type findingJSON struct {
	ID          string   `json:"id"`
	Rule        string   `json:"rule"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Target      Target   `json:"target"`
	STRIDE      []string `json:"stride"`
	LINDDUN     []string `json:"linddun"`
	Severity    string   `json:"severity"`
	Likelihood  string   `json:"likelihood"`
	Impact      string   `json:"impact"`
	Why         []string `json:"why"`
	Status      string   `json:"status"`
	MitigatedBy []string `json:"mitigated_by"`
	Controls    []string `json:"controls"`
	Mitigations []string `json:"mitigations"`
	CWE         []int    `json:"cwe"`
	CAPEC       []int    `json:"capec"`
	OWASPIoT    []string `json:"owasp_iot"`
	ETSI        []string `json:"etsi"`
	NISTIR8259A []string `json:"nist_ir_8259a"`
	ISVS        []string `json:"isvs"`
	Tracking    Triage   `json:"tracking"`
	Source      Source   `json:"source"`
	Origin      string   `json:"origin,omitempty"`
}

// MarshalJSON writes f in the contract's field order. HTML characters are
// left as they are: an encoder that escapes them does so on this output.
func (f Finding) MarshalJSON() ([]byte, error) {
	rf := f.RuleFacts
	if rf == nil {
		rf = &RuleFacts{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(findingJSON{
		ID: f.ID, Rule: f.Rule, Title: rf.Title, Description: rf.Description, Target: f.Target,
		STRIDE: rf.STRIDE, LINDDUN: rf.LINDDUN, Severity: f.Severity, Likelihood: f.Likelihood, Impact: f.Impact,
		Why: f.Why, Status: f.Status, MitigatedBy: f.MitigatedBy, Controls: rf.Controls, Mitigations: f.Mitigations,
		CWE: rf.CWE, CAPEC: rf.CAPEC, OWASPIoT: rf.OWASPIoT, ETSI: rf.ETSI, NISTIR8259A: rf.NISTIR8259A, ISVS: rf.ISVS,
		Tracking: f.Tracking, Source: f.Source, Origin: f.Origin,
	})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

package otm

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// The OTM document as written: field order follows the OTM schema's
// examples; empty optional fields are left out.
type (
	outFile struct {
		OTMVersion      string           `json:"otmVersion"`
		Project         outProject       `json:"project"`
		Representations []outRepr        `json:"representations"`
		Assets          []outAsset       `json:"assets,omitempty"`
		TrustZones      []outZone        `json:"trustZones"`
		Components      []outComponent   `json:"components"`
		Dataflows       []outFlow        `json:"dataflows"`
		Threats         []*outThreat     `json:"threats,omitempty"`
		Mitigations     []*outMitigation `json:"mitigations,omitempty"`
	}
	outProject struct {
		Name        string            `json:"name"`
		ID          string            `json:"id"`
		Description string            `json:"description,omitempty"`
		Owner       string            `json:"owner,omitempty"`
		Attributes  map[string]string `json:"attributes,omitempty"`
	}
	outRepr struct {
		Name        string `json:"name"`
		ID          string `json:"id"`
		Type        string `json:"type"`
		Description string `json:"description,omitempty"`
	}
	outAsset struct {
		Name        string            `json:"name"`
		ID          string            `json:"id"`
		Description string            `json:"description,omitempty"`
		Risk        outAssetRisk      `json:"risk"`
		Attributes  map[string]string `json:"attributes,omitempty"`
	}
	outAssetRisk struct {
		Confidentiality int    `json:"confidentiality"`
		Integrity       int    `json:"integrity"`
		Availability    int    `json:"availability"`
		Comment         string `json:"comment,omitempty"`
	}
	outZone struct {
		ID          string            `json:"id"`
		Name        string            `json:"name"`
		Type        string            `json:"type"`
		Description string            `json:"description,omitempty"`
		Risk        outTrust          `json:"risk"`
		Parent      *outParent        `json:"parent,omitempty"`
		Attributes  map[string]string `json:"attributes,omitempty"`
	}
	outTrust struct {
		TrustRating int `json:"trustRating"`
	}
	outParent struct {
		TrustZone string `json:"trustZone"`
	}
	outComponent struct {
		ID          string            `json:"id"`
		Name        string            `json:"name"`
		Type        string            `json:"type"`
		Description string            `json:"description,omitempty"`
		Parent      outParent         `json:"parent"`
		Assets      *outAssetUse      `json:"assets,omitempty"`
		Threats     []outInstance     `json:"threats,omitempty"`
		Tags        []string          `json:"tags,omitempty"`
		Attributes  map[string]string `json:"attributes,omitempty"`
	}
	outAssetUse struct {
		Processed []string `json:"processed,omitempty"`
		Stored    []string `json:"stored,omitempty"`
	}
	outFlow struct {
		ID            string            `json:"id"`
		Name          string            `json:"name"`
		Description   string            `json:"description,omitempty"`
		Bidirectional bool              `json:"bidirectional"`
		Source        string            `json:"source"`
		Destination   string            `json:"destination"`
		Assets        []string          `json:"assets,omitempty"`
		Threats       []outInstance     `json:"threats,omitempty"`
		Tags          []string          `json:"tags,omitempty"`
		Attributes    map[string]string `json:"attributes,omitempty"`
	}
	outInstance struct {
		Threat      string          `json:"threat"`
		State       string          `json:"state"`
		Mitigations []outMitigState `json:"mitigations"`
	}
	outMitigState struct {
		Mitigation string `json:"mitigation"`
		State      string `json:"state"`
	}
	outThreat struct {
		ID          string            `json:"id"`
		Name        string            `json:"name"`
		Description string            `json:"description,omitempty"`
		Categories  []string          `json:"categories,omitempty"`
		CWEs        []string          `json:"cwes,omitempty"`
		Risk        outThreatRisk     `json:"risk"`
		Tags        []string          `json:"tags,omitempty"`
		Attributes  map[string]string `json:"attributes,omitempty"`
		rank        int               // severity rank of the finding its risk comes from
	}
	outThreatRisk struct {
		Likelihood int `json:"likelihood"`
		Impact     int `json:"impact"`
	}
	outMitigation struct {
		ID            string            `json:"id"`
		Name          string            `json:"name"`
		Description   string            `json:"description,omitempty"`
		RiskReduction int               `json:"riskReduction"`
		Attributes    map[string]string `json:"attributes,omitempty"`
	}
)

// Version is the OTM version exports declare (the published schema's).
const Version = "0.2.0"

// unboundedZone holds the components of elements that sit in no
// boundary: OTM requires every component to have a parent. The importer
// recognises it by attrSynthetic and leaves its components unbounded.
const (
	unboundedZone = "iotthreat-outside-boundaries"
	attrSynthetic = "iotthreat:synthetic"
)

// levelNumbers are the OTM ratings written for each level: the upper
// bound of its band in level(), so an import reads the same level back.
var levelNumbers = map[string]int{"low": 25, "medium": 50, "high": 75, "critical": 100}

// classificationNumbers are the confidentiality ratings of each
// classification.
var classificationNumbers = map[string]int{"public": 0, "internal": 25, "confidential": 50, "personal": 75, "sensitive": 90, "secret": 100}

// trustRatings are the trust ratings of each boundary kind: OTM rates
// trust from 0 (none) to 100, and the kinds' exposure orders them.
var trustRatings = map[string]int{"internet": 10, "browser": 20, "mobile-device": 30, "third-party-cloud": 40,
	"radio-network": 50, "local-network": 50, "corporate-network": 60, "ot-network": 60, "physical": 70, "vendor-cloud": 90}

// strideNames and linddunNames are the categories as OTM files spell them.
var strideNames = map[string]string{"spoofing": "Spoofing", "tampering": "Tampering", "repudiation": "Repudiation",
	"information-disclosure": "Information Disclosure", "denial-of-service": "Denial of Service", "elevation-of-privilege": "Elevation of Privilege"}
var linddunNames = map[string]string{"linking": "Linking", "identifying": "Identifying", "non-repudiation": "Non-repudiation",
	"detecting": "Detecting", "data-disclosure": "Data Disclosure", "unawareness": "Unawareness", "non-compliance": "Non-compliance"}

// statusStates maps a finding's status to an OTM threat state.
var statusStates = map[string]string{"open": "exposed", "in-progress": "partly-mitigated", "mitigated": "mitigated",
	"accepted": "accepted", "false-positive": "not-applicable"}

// Export writes the model and its findings as an OTM 0.2.0 JSON document.
func Export(w io.Writer, e interchange.Export) error {
	if e.Loaded == nil || e.Loaded.Model == nil {
		return fmt.Errorf("otm: no model to export")
	}
	out := build(e)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// build assembles the document.
func build(e interchange.Export) *outFile {
	m, v := e.Loaded.Model, e.Loaded.Vocab
	if v == nil {
		v = vocab.Builtin()
	}
	out := &outFile{OTMVersion: Version,
		Project: outProject{Name: m.System.Name, ID: projectID(m.System.Name), Description: m.System.Description, Owner: m.System.Owner},
		Representations: []outRepr{{Name: "iotthreat model", ID: "iotthreat-model", Type: "threat-model",
			Description: "The iotthreat model this file was exported from"}},
		TrustZones: []outZone{}, Components: []outComponent{}, Dataflows: []outFlow{}}
	out.Project.Attributes = map[string]string{attrSystem: carry(m.System)}
	if e.Producer != "" {
		out.Project.Attributes["iotthreat:producer"] = e.Producer
	}
	if len(m.Tracking) > 0 {
		out.Project.Attributes[attrTracking] = carry(m.Tracking)
	}
	if len(m.Rules) > 0 {
		out.Project.Attributes[attrRules] = carry(m.Rules)
	}
	if !reflect.ValueOf(m.Vocabulary).IsZero() {
		out.Project.Attributes[attrVocabulary] = carry(m.Vocabulary)
	}
	if m.Product != nil {
		out.Project.Attributes[attrProduct] = carry(m.Product)
	}
	if m.AttackPaths != nil {
		out.Project.Attributes[attrPaths] = carry(m.AttackPaths)
	}
	for _, d := range m.Data {
		cl, in, av := orDefault(d.Classification, "internal"), orDefault(d.Integrity, "medium"), orDefault(d.Availability, "medium")
		out.Assets = append(out.Assets, outAsset{Name: orDefault(d.Name, d.ID), ID: d.ID, Description: d.Description,
			Risk: outAssetRisk{Confidentiality: classificationNumbers[cl], Integrity: levelNumbers[in], Availability: levelNumbers[av],
				Comment: fmt.Sprintf("iotthreat: classification %s, integrity %s, availability %s", cl, in, av)},
			Attributes: map[string]string{attrClassification: cl, attrItem: carry(d)}})
	}
	for _, b := range m.Boundaries {
		z := outZone{ID: b.ID, Name: orDefault(b.Name, b.ID), Type: b.Kind, Description: b.Description,
			Risk: outTrust{TrustRating: trustRating(b.Kind)}, Attributes: map[string]string{attrKind: b.Kind, attrItem: carry(b)}}
		if b.Within != "" {
			z.Parent = &outParent{TrustZone: b.Within}
		}
		out.TrustZones = append(out.TrustZones, z)
	}
	inst := instances(e, v, out)
	needUnbounded := false
	for _, el := range m.Elements {
		c := outComponent{ID: el.ID, Name: orDefault(el.Name, el.ID), Type: el.Kind, Description: el.Description,
			Parent: outParent{TrustZone: el.Boundary}, Threats: inst[el.ID], Tags: el.Tags,
			Attributes: map[string]string{attrKind: el.Kind, attrItem: carry(el)}}
		if el.Technology != "" {
			c.Attributes[attrTechnology] = el.Technology
		}
		if el.Boundary == "" {
			c.Parent.TrustZone, needUnbounded = unboundedZone, true
		}
		if len(el.Processes)+len(el.Stores) > 0 {
			c.Assets = &outAssetUse{Processed: el.Processes, Stored: el.Stores}
		}
		out.Components = append(out.Components, c)
	}
	if needUnbounded {
		out.TrustZones = append(out.TrustZones, outZone{ID: unboundedZone, Name: "Outside every trust boundary", Type: "internet",
			Description: "Components the iotthreat model places in no trust boundary; OTM needs every component to have a parent.",
			Risk:        outTrust{TrustRating: trustRatings["internet"]}, Attributes: map[string]string{attrSynthetic: "true"}})
	}
	for _, f := range m.Flows {
		out.Dataflows = append(out.Dataflows, flowOut(&f, v, inst[f.ID]))
	}
	return out
}

// flowOut writes a flow: protocol, encryption and authentication as tags
// (as in effect, for other tools) and as attributes (as declared, for an
// exact import back).
func flowOut(f *model.Flow, v *vocab.Vocabulary, threats []outInstance) outFlow {
	o := outFlow{ID: f.ID, Name: orDefault(f.Name, f.ID), Description: f.Description, Bidirectional: f.Bidirectional,
		Source: f.From, Destination: f.To, Assets: f.Data, Threats: threats,
		Attributes: map[string]string{"iotthreat:protocol": f.Protocol, attrItem: carry(f)}}
	enc := f.Encryption
	if enc == "" {
		enc = "none"
		if p, ok := v.Protocol(f.Protocol); ok && len(p.Encryption) == 1 {
			enc = p.Encryption[0]
		}
	}
	o.Tags = []string{"protocol:" + f.Protocol, "encryption:" + enc, "authentication:" + orDefault(f.Authentication, "none")}
	if f.Port > 0 {
		o.Tags = append(o.Tags, fmt.Sprintf("port:%d", f.Port))
		o.Attributes["iotthreat:port"] = fmt.Sprint(f.Port)
	}
	if f.Encryption != "" {
		o.Attributes["iotthreat:encryption"] = f.Encryption
	}
	if f.Authentication != "" {
		o.Attributes["iotthreat:authentication"] = f.Authentication
	}
	o.Tags = append(o.Tags, f.Tags...)
	return o
}

// instances fills the threat and mitigation catalogues from the findings
// and returns each component's and dataflow's threat instances. Findings
// on a boundary, a data asset or the system have no place in OTM (threats
// sit on components and dataflows): their catalogue entry lists them in
// the attribute iotthreat:target.
func instances(e interchange.Export, v *vocab.Vocabulary, out *outFile) map[string][]outInstance {
	inst := map[string][]outInstance{}
	if e.Report == nil {
		return inst
	}
	manual := map[string]*model.Threat{}
	for i := range e.Loaded.Model.Threats {
		manual[e.Loaded.Model.Threats[i].ID] = &e.Loaded.Model.Threats[i]
	}
	threats := map[string]*outThreat{}
	mitigations := map[string]*outMitigation{}
	for i := range e.Report.Findings {
		f := &e.Report.Findings[i]
		t := threats[f.Rule]
		if t == nil {
			t = threatOut(f, manual[f.Rule])
			threats[f.Rule] = t
			out.Threats = append(out.Threats, t)
		} else if r := engine.LevelRank(f.Severity); r > t.rank {
			t.rank, t.Risk = r, outThreatRisk{Likelihood: levelNumbers[f.Likelihood], Impact: levelNumbers[f.Impact]}
		}
		ms := []outMitigState{}
		for _, ctl := range f.Controls {
			if mitigations[ctl] == nil {
				mo := &outMitigation{ID: ctl, Name: ctl, RiskReduction: 100, Attributes: map[string]string{"iotthreat:control": ctl}}
				if c, ok := v.Control(ctl); ok {
					mo.Name, mo.Description = c.Name, c.Description
				}
				mitigations[ctl] = mo
				out.Mitigations = append(out.Mitigations, mo)
			}
			state := "recommended"
			if slices.Contains(f.MitigatedBy, ctl) {
				state = "implemented"
			}
			ms = append(ms, outMitigState{Mitigation: ctl, State: state})
		}
		switch f.Target.Type {
		case "element", "flow":
			inst[f.Target.ID] = append(inst[f.Target.ID], outInstance{Threat: f.Rule, State: stateOf(f.Status), Mitigations: ms})
		default:
			target := f.Target.Type
			if f.Target.ID != "" && f.Target.Type != "system" {
				target += ":" + f.Target.ID
			}
			t.Attributes[attrTarget] = joinNew(t.Attributes[attrTarget], target+"="+stateOf(f.Status))
		}
	}
	return inst
}

// threatOut writes a catalogue entry for the rule or threat of f.
func threatOut(f *engine.Finding, manual *model.Threat) *outThreat {
	t := &outThreat{ID: f.Rule, Name: f.Title, Description: f.Description, rank: engine.LevelRank(f.Severity),
		Risk:       outThreatRisk{Likelihood: levelNumbers[f.Likelihood], Impact: levelNumbers[f.Impact]},
		Tags:       []string{"severity:" + f.Severity},
		Attributes: map[string]string{attrOrigin: "rule", attrRule: f.Rule}}
	for _, s := range f.STRIDE {
		t.Categories = append(t.Categories, orDefault(strideNames[s], s))
	}
	for _, l := range f.LINDDUN {
		t.Categories = append(t.Categories, orDefault(linddunNames[l], l))
	}
	for _, c := range f.CWE {
		t.CWEs = append(t.CWEs, fmt.Sprintf("CWE-%d", c))
	}
	if manual != nil && f.Origin == "manual" {
		t.Attributes[attrOrigin] = "manual"
		t.Description = manual.Description
		if manual.Mitigation != "" {
			t.Attributes["iotthreat:mitigation"] = manual.Mitigation
		}
		if manual.Source != "" {
			t.Attributes["iotthreat:source"] = manual.Source
		}
		if manual.Severity != "" {
			t.Attributes["iotthreat:severity"] = manual.Severity
		}
		t.Attributes[attrItem] = carry(manual)
	} else if len(f.Mitigations) > 0 {
		t.Description = strings.TrimSpace(t.Description + "\n\nMitigation: " + strings.Join(f.Mitigations, " "))
	}
	return t
}

func stateOf(status string) string {
	if s, ok := statusStates[status]; ok {
		return s
	}
	return "exposed"
}

func trustRating(kind string) int {
	if r, ok := trustRatings[kind]; ok {
		return r
	}
	return 50 // a kind from the model's own vocabulary
}

func joinNew(list, item string) string {
	if list == "" {
		return item
	}
	if slices.Contains(strings.Split(list, ", "), item) {
		return list
	}
	return list + ", " + item
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// projectID makes a project id from the system name: its lower-case
// words joined by hyphens (text.Slug, as long as the name makes it), or
// "system" for a name with no ASCII letter or digit.
func projectID(name string) string {
	if s := text.Slug(name, math.MaxInt); s != "" {
		return s
	}
	return "system"
}

package otm

import (
	"regexp"
	"strings"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
)

// modelIDPattern is what the model accepts as an element, flow, boundary
// or data id.
var modelIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// maxIDLength bounds an id made from an OTM id; a longer one is cut and
// made unique with a number.
const maxIDLength = 80

// namespace hands out model ids, one per OTM id, unique within it.
type namespace struct{ ids *text.IDs }

func newNamespace() *namespace { return &namespace{ids: text.NewIDs()} }

// id returns a model id for the OTM id otmID: the same when the model
// accepts it and it is free, else a cleaned, shortened or numbered one;
// changed says so.
func (ns *namespace) id(otmID, fallback string) (id string, changed bool) {
	base := otmID
	if !modelIDPattern.MatchString(base) || len(base) > maxIDLength {
		base = clean(otmID, maxIDLength)
	}
	id = ns.ids.Take(base, fallback)
	return id, id != otmID
}

// clean keeps letters, digits, '.', '_' and '-', replacing runs of other
// characters by one '-', and starts with a letter or digit.
func clean(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= max {
			break
		}
	}
	out := strings.TrimRight(strings.TrimLeft(b.String(), "._-"), "-")
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// threatIDs hands out the ids of imported threats: rule-style ids in
// capitals, unique. The OTM- prefix keeps them apart from the built-in
// rules' ids.
type threatIDs struct{ *text.IDs }

// id returns an id for a threat from OTM id otmID. An id the model
// accepts as it stands (an iotthreat export's own) is kept; any other is
// OTM- and the id in capitals.
func (t *threatIDs) id(otmID string, keep bool) string {
	base := otmID
	if !keep || !model.RuleIDPattern.MatchString(base) || len(base) > maxIDLength {
		var b strings.Builder
		b.WriteString("OTM")
		dash := true
		for _, r := range strings.ToUpper(otmID) {
			if r < 128 && (r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				if dash {
					b.WriteByte('-')
				}
				b.WriteRune(r)
				dash = false
			} else {
				dash = true
			}
			if b.Len() >= maxIDLength {
				break
			}
		}
		base = b.String()
		if base == "OTM" {
			base = "OTM-THREAT"
		}
	}
	return t.Take(base, "")
}

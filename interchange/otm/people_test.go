package otm

import (
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange/internal/importtest"
)

// People in OTM files call back ends directly, and a component named for
// what it serves ("Customer Database") is not a person: both used to give
// a model that did not validate (found by FuzzImport). A user that talks
// to a service becomes a workstation; one that uses a client keeps its
// kind and its flow the protocol ui; a person word that only describes
// the thing named is not taken for a person.
func TestPeopleImportValid(t *testing.T) {
	const doc = `{"otmVersion":"0.2.0","project":{"name":"p","id":"p"},
"trustZones":[{"id":"internet","name":"Internet","risk":{"trustRating":10}},{"id":"cloud","name":"Cloud","risk":{"trustRating":90}}],
"components":[
 {"id":"admin","name":"Administrator","type":"user","parent":{"trustZone":"internet"}},
 {"id":"owner","name":"Owner","type":"user"},
 {"id":"portal","name":"Portal","type":"web-client","parent":{"trustZone":"internet"}},
 {"id":"api","name":"Backend API","type":"web-service","parent":{"trustZone":"cloud"}},
 {"id":"db","name":"Customer Database","type":"CD-CUSTOM-42","parent":{"trustZone":"cloud"}},
 {"id":"ops","name":"Database Admin","type":"CD-CUSTOM-43"}],
"dataflows":[{"id":"f1","name":"admin calls api","source":"admin","destination":"api"},
 {"id":"f2","name":"api stores","source":"api","destination":"db"},
 {"id":"f3","name":"owner uses portal","source":"owner","destination":"portal","tags":["protocol:https"]},
 {"id":"f4","name":"ops uses portal","source":"ops","destination":"portal"}]}`
	imp := mustImport(t, "people.otm.json", []byte(doc))
	loaded, _ := reparse(t, imp)
	kinds := importtest.Kinds(imp)
	for id, want := range map[string]string{"admin": "workstation", "owner": "user", "db": "datastore", "ops": "user"} {
		if got, _, _ := strings.Cut(kinds[id], " "); got != want {
			t.Errorf("%s is a %s, want %s", id, kinds[id], want)
		}
	}
	for _, f := range loaded.Model.Flows {
		if want := map[string]string{"f1": "https", "f3": "ui", "f4": "ui"}[f.ID]; want != "" && f.Protocol != want {
			t.Errorf("flow %s uses %s, want %s", f.ID, f.Protocol, want)
		}
	}
	for _, e := range loaded.Model.Elements {
		if e.ID == "admin" && e.Boundary != "" {
			t.Errorf("the workstation sits in %s, an internet boundary", e.Boundary)
		}
	}
}

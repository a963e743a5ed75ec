package refdoc

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

var update = flag.Bool("update", false, "rewrite the generated part of docs/model.md")

const docPath = "../docs/model.md"

// TestModelDocIsCurrent fails when docs/model.md does not end with what
// Render produces, so a new field or vocabulary entry cannot go undocumented.
func TestModelDocIsCurrent(t *testing.T) {
	data, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	head, _, found := strings.Cut(string(data), Marker)
	if !found {
		t.Fatalf("%s lacks the marker line %q", docPath, Marker)
	}
	want := head + Marker + "\n\n" + Render(vocab.Builtin())
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(data) != want {
		t.Errorf("%s is stale; run: go test ./refdoc -update", docPath)
	}
}

func TestEveryFieldIsDocumented(t *testing.T) {
	out := Render(vocab.Builtin())
	if strings.Contains(out, "|  |\n") {
		t.Error("a field has an empty description: add a doc tag")
	}
	for _, want := range []string{"`physical_access`", "`install_codes`", "`unique-credentials`", "`5.6-4`", "`I10`"} {
		if !strings.Contains(out, want) {
			t.Errorf("reference lacks %s", want)
		}
	}
}

// TestDocExamplesValidate loads every complete model shown in docs/model.md
// (code blocks that start a model with iotthreat: 1 and include nothing),
// so the documentation never teaches an invalid model.
func TestDocExamplesValidate(t *testing.T) {
	data, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(data), "```yaml\n")
	checked := 0
	for _, b := range blocks[1:] {
		text, _, _ := strings.Cut(b, "```")
		if !strings.Contains(text, "iotthreat: 1\nsystem:") {
			continue
		}
		checked++
		_, diags := model.Parse("docs/model.md example", []byte(text), model.Options{})
		if len(diags) > 0 {
			t.Errorf("example model in docs/model.md is invalid:\n%v", diags)
		}
	}
	if checked == 0 {
		t.Error("found no complete example model in docs/model.md")
	}
}

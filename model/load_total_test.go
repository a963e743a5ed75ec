package model

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/iotthreat/iotthreat/strictyaml"
)

// A model's files together are bounded, not only each file: with a
// single-file limit of 1,000 bytes, the files of one model may hold 4,000,
// and the include that would pass that is refused where it is written.
func TestModelBytesAreBoundedAcrossIncludes(t *testing.T) {
	lim := strictyaml.DefaultLimits
	lim.MaxBytes = 1000
	part := func(i int) string {
		text := fmt.Sprintf("elements:\n  - {id: e%d, kind: device}\n", i)
		return text + "#" + strings.Repeat("x", 900-len(text)-2) + "\n"
	}
	fsys := fstest.MapFS{}
	var includes []string
	for i := range 5 {
		name := fmt.Sprintf("part%d.yaml", i)
		fsys[name] = &fstest.MapFile{Data: []byte(part(i))}
		includes = append(includes, name)
	}
	for _, n := range []int{4, 5} {
		root := "iotthreat: 1\nsystem: {name: x}\ninclude: [" + strings.Join(includes[:n], ", ") + "]\n"
		fsys["model.yaml"] = &fstest.MapFile{Data: []byte(root)}
		l, diags, err := LoadFS(fsys, "model.yaml", "", Options{Limits: lim})
		if err != nil {
			t.Fatal(err)
		}
		switch n {
		case 4:
			if len(diags) != 0 || len(l.Model.Elements) != 4 {
				t.Errorf("%d includes of 900 bytes: %d elements, %v", n, len(l.Model.Elements), diags)
			}
		case 5:
			want := "model.yaml:3:59: include: including part4.yaml would make the model's files together larger than the 4000-byte limit\n" +
				"\thint: a model this large is rarely one system; split it into several models"
			if len(diags) != 1 || diags[0].String() != want {
				t.Errorf("%d includes of 900 bytes:\n%v\nwant\n%s", n, diags, want)
			}
		}
	}
}

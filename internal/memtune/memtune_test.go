package memtune

import (
	"math"
	"testing"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestRegionFor(t *testing.T) {
	const GiB = 1 << 30
	linux := system{thp: "madvise", overcommit: "0", memory: 24 * GiB, wordBits: 64}
	with := func(change func(*system)) system { s := linux; change(&s); return s }
	cases := []struct {
		name   string
		size   int64
		sys    system
		godbg  string
		region uint64
	}{
		{"a small model gets the minimum", 30 << 10, linux, "", minRegion},
		{"standard input or an unreadable path", 0, linux, "", minRegion},
		{"10,000 elements: 40 bytes a byte of YAML", 6_313_316, linux, "", 6_313_316 * regionPerModelByte},
		{"100,000 elements: capped", 64_299_687, linux, "", maxRegion},
		{"a small machine caps it at a quarter of its memory", 6_313_316, with(func(s *system) { s.memory = 800 << 20 }), "", 200 << 20},
		{"a machine too small for the minimum", 30 << 10, with(func(s *system) { s.memory = 128 << 20 }), "", 0},
		{"a container limit the model would take more than half of", 6_313_316, with(func(s *system) { s.memory = 300 << 20 }), "", 0},
		{"100,000 elements on a 4 GiB machine", 64_299_687, with(func(s *system) { s.memory = 4 * GiB }), "", 0},
		{"a sparse file of 2^62 bytes does not wrap around", 1 << 62, linux, "", 0},
		{"memory unknown", 6_313_316, with(func(s *system) { s.memory = 0 }), "", 0},
		{"the kernel always uses huge pages", 6_313_316, with(func(s *system) { s.thp = "always" }), "", 0},
		{"the kernel never does", 6_313_316, with(func(s *system) { s.thp = "never" }), "", 0},
		{"no setting to read", 6_313_316, with(func(s *system) { s.thp = "" }), "", 0},
		{"strict overcommit", 6_313_316, with(func(s *system) { s.overcommit = "2" }), "", 0},
		{"overcommit unknown is fine", 6_313_316, with(func(s *system) { s.overcommit = "" }), "", 6_313_316 * regionPerModelByte},
		{"an address-space limit", 6_313_316, with(func(s *system) { s.addressLimited = true }), "", 0},
		{"a 32-bit program", 6_313_316, with(func(s *system) { s.wordBits = 32 }), "", 0},
		{"GODEBUG=disablethp=1", 6_313_316, linux, "gctrace=1,disablethp=1", 0},
		{"GODEBUG=disablethp=0", 6_313_316, linux, "disablethp=0", 6_313_316 * regionPerModelByte},
		{"GODEBUG: the last setting wins", 6_313_316, linux, "disablethp=1, disablethp=0", 6_313_316 * regionPerModelByte},
		{"GODEBUG=harddecommit=1", 6_313_316, linux, "harddecommit=1", 0},
		{"GODEBUG=harddecommit=0", 6_313_316, linux, "harddecommit=0", 6_313_316 * regionPerModelByte},
		{"GODEBUG: any value but 0 turns a setting on", 6_313_316, linux, "harddecommit=2", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := regionFor(c.size, c.sys, env(map[string]string{"GODEBUG": c.godbg}))
			if got != c.region {
				t.Errorf("regionFor(%d) = %d, want %d", c.size, got, c.region)
			}
		})
	}
}

func TestSelectedMode(t *testing.T) {
	for content, want := range map[string]string{
		"always [madvise] never\n":                   "madvise",
		"[always] madvise never\n":                   "always",
		"always defer defer+madvise [madvise] never": "madvise",
		"always madvise never":                       "",
		"always [madvise":                            "",
		"":                                           "",
	} {
		if got := selectedMode(content); got != want {
			t.Errorf("selectedMode(%q) = %q, want %q", content, got, want)
		}
	}
}

func TestGCFor(t *testing.T) {
	small, ok := gcFor(6_313_316, 0, env(nil))
	if !ok || small != (gcSettings{percent: gcHeadroom, limit: gcMemoryLimit}) {
		t.Errorf("10,000 elements: %+v, %v", small, ok)
	}
	large, ok := gcFor(gcMaxModelSize+1, 0, env(nil))
	if !ok || large != (gcSettings{limit: gcLargeLimit}) {
		t.Errorf("past gcMaxModelSize: %+v, %v (want Go's pace and the large limit)", large, ok)
	}
	for _, name := range []string{"GOGC", "GOMEMLIMIT"} {
		if s, ok := gcFor(6_313_316, 300<<20, env(map[string]string{name: "50"})); ok {
			t.Errorf("%s in the environment must win, got %+v", name, s)
		}
	}
	for _, c := range []struct {
		name  string
		size  int64
		group uint64
		want  gcSettings
	}{
		{"a container limit below the soft limit", 6_313_316, 300 << 20, gcSettings{percent: gcHeadroom, limit: 270 << 20}},
		{"a container limit above it", 6_313_316, 8 << 30, gcSettings{percent: gcHeadroom, limit: gcMemoryLimit}},
		{"a large model in a container", gcMaxModelSize + 1, 1 << 30, gcSettings{limit: (1 << 30) / 10 * 9}},
		{"a limit past int64", 6_313_316, math.MaxUint64, gcSettings{percent: gcHeadroom, limit: gcMemoryLimit}},
	} {
		if got, ok := gcFor(c.size, c.group, env(nil)); !ok || got != c.want {
			t.Errorf("%s: %+v, %v; want %+v", c.name, got, ok, c.want)
		}
	}
}

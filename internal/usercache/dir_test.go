package usercache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDirCreatesPrivateDirectories(t *testing.T) {
	base := t.TempDir()
	dir, err := dirIn(base, "graphviz")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(base, "iotthreat", "graphviz"); dir != want {
		t.Fatalf("dir = %s, want %s", dir, want)
	}
	for _, d := range []string{filepath.Dir(dir), dir} {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %04o, want 0700", d, fi.Mode().Perm())
		}
	}
	// A second call accepts what the first made.
	if _, err := dirIn(base, "graphviz"); err != nil {
		t.Fatal(err)
	}
}

func TestDirRefusesWhatOthersCouldWrite(t *testing.T) {
	cases := map[string]struct {
		prepare func(t *testing.T, base string)
		want    string
	}{
		"iotthreat folder writable by others": {
			prepare: func(t *testing.T, base string) { mkdirMode(t, filepath.Join(base, "iotthreat"), 0o777) },
			want:    "writable by other users",
		},
		"cache folder writable by group": {
			prepare: func(t *testing.T, base string) {
				mkdirMode(t, filepath.Join(base, "iotthreat"), 0o700)
				mkdirMode(t, filepath.Join(base, "iotthreat", "graphviz"), 0o770)
			},
			want: "writable by other users",
		},
		"iotthreat folder is a link": {
			prepare: func(t *testing.T, base string) {
				target := t.TempDir()
				if err := os.Symlink(target, filepath.Join(base, "iotthreat")); err != nil {
					t.Fatal(err)
				}
			},
			want: "symbolic link",
		},
		"cache folder is a file": {
			prepare: func(t *testing.T, base string) {
				mkdirMode(t, filepath.Join(base, "iotthreat"), 0o700)
				if err := os.WriteFile(filepath.Join(base, "iotthreat", "graphviz"), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			},
			want: "not a directory",
		},
		"user cache directory writable by all, not sticky": {
			prepare: func(t *testing.T, base string) {
				if err := os.Chmod(base, 0o777); err != nil {
					t.Fatal(err)
				}
			},
			want: "writable by other users",
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			c.prepare(t, base)
			_, err := dirIn(base, "graphviz")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one saying %q", err, c.want)
			}
		})
	}
}

func TestDirAcceptsStickySharedParent(t *testing.T) {
	base := t.TempDir()
	if err := os.Chmod(base, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if _, err := dirIn(base, "graphviz"); err != nil {
		t.Fatalf("a sticky shared directory such as /tmp is safe to hold a private folder: %v", err)
	}
}

func TestDirRefusesAnotherUsersFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a folder to another user")
	}
	base := t.TempDir()
	own := filepath.Join(base, "iotthreat")
	mkdirMode(t, own, 0o700)
	if err := os.Chown(own, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	_, err := dirIn(base, "graphviz")
	if err == nil || !strings.Contains(err.Error(), "belongs to user 65534") {
		t.Fatalf("err = %v, want one naming the other owner", err)
	}
}

func TestDirRefusesNamesThatAreNotOneElement(t *testing.T) {
	for _, name := range []string{"", ".", "..", "a/b", "../x"} {
		if _, err := dirIn(t.TempDir(), name); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	if _, err := dirIn("relative/path", "graphviz"); err == nil {
		t.Error("relative base accepted")
	}
}

func mkdirMode(t *testing.T, dir string, mode os.FileMode) {
	t.Helper()
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
}

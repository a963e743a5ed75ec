package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"
)

// corrupt DIR flips bytes in the middle of every regular file under DIR:
// a damaged cache entry, as a crash or a full disk leaves it.
func corrupt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: corrupt DIR")
	}
	n := 0
	err := filepath.WalkDir(ts.MkAbs(args[0]), func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i := len(data) / 2; i < len(data)/2+64 && i < len(data); i++ {
			data[i] ^= 0xcc
		}
		n++
		return os.WriteFile(path, data, 0o600)
	})
	ts.Check(err)
	if n == 0 {
		ts.Fatalf("corrupt: no file under %s", args[0])
	}
}

// giveaway DIR makes DIR and everything in it belong to user and group
// 65534 (nobody), as if another local user had created it. Scripts that
// use it run under the condition [root].
func giveaway(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: giveaway DIR")
	}
	err := filepath.WalkDir(ts.MkAbs(args[0]), func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, 65534, 65534)
	})
	ts.Check(err)
}

// scriptCondition adds [root]: the process may act as another user.
func scriptCondition(cond string) (bool, error) {
	if cond == "root" {
		return os.Geteuid() == 0, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

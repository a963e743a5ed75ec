package outfile

import (
	"io"
	"io/fs"
	"os"
)

// checkInputs refuses an output that is one of the inputs. Files are
// compared by identity (device and inode), not by name, so that a
// symbolic link, a hard link, ./model.yaml or an absolute path to the
// model are all caught. An output that does not exist yet is nothing the
// command reads.
func checkInputs(path string, inputs []Input) error {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if in, ok := clash(st, inputs); ok {
		return errorf("choose another -o path: the output would replace what it is made from",
			"cannot write %s: it is %s %s, which this command reads", path, in.Role, in.Path)
	}
	return nil
}

// CheckStdout refuses to write to standard output (w) when it is a file
// the command reads: `iotthreat analyze model.yaml >> model.yaml` would
// append the findings to the model. A terminal, a pipe or another file is
// fine.
func CheckStdout(w io.Writer, inputs []Input) error {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return nil
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	if in, ok := clash(st, inputs); ok {
		return errorf("redirect the output to another file",
			"cannot write to standard output: it is %s %s, which this command reads", in.Role, in.Path)
	}
	return nil
}

// clash finds the input that st is.
func clash(st fs.FileInfo, inputs []Input) (Input, bool) {
	for _, in := range inputs {
		ist, err := os.Stat(in.Path)
		if err == nil && os.SameFile(st, ist) {
			return in, true
		}
	}
	return Input{}, false
}

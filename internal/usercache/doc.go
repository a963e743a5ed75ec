// Package usercache finds iotthreat's own cache directory and checks that
// nobody but the current user can write to it.
//
// What is cached may be executed (Graphviz's WebAssembly compiled to
// machine code) or trusted as parsed input, so a cache another local user
// can write to is a way to run code as whoever runs iotthreat next. The
// directory is <user cache directory>/iotthreat/<name>: $XDG_CACHE_HOME or
// ~/.cache on Linux, ~/Library/Caches on macOS, %LocalAppData% on Windows.
// It is created with mode 0700, and before use every directory from the
// iotthreat folder down is checked to be a real directory (not a symbolic
// link) owned by the current user and writable by nobody else, and the
// user cache directory above it to be writable only by its owner or
// sticky (as /tmp is). A directory that fails a check is not used: the
// caller works without a cache.
package usercache

// Command iotthreat is threat modeling as code for IoT systems. It only
// wires flags to the library packages; see the README for a tour.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

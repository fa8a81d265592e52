// Package layoutcheck holds one test: the package table in DEVELOPERS.md
// ("Layout and rules") is the import rule, and the test checks the real
// import graph (go list) against it, so the documented layout cannot drift
// from the code: a package the table lacks, or an import its row does not
// allow, fails.
package layoutcheck

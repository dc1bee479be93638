// schemacheck validates a Pulumi package schema the way `pulumi package gen-sdk` does, offline and
// without the language plugins: it binds the schema with Pulumi's own binder (the metaschema and
// every semantic check) and runs the Node.js, Python and Go SDK generators of the same pkg/v3
// module the CLI is built from, in memory. Any error, or any warning of the binder, fails it.
//
// Usage: schemacheck <schema.json> [output folder]
// With an output folder, each SDK is also written to <folder>/<language>/.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 2 && len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: schemacheck <schema.json> [output folder]")
		os.Exit(2)
	}
	out := ""
	if len(os.Args) == 3 {
		out = os.Args[2]
	}
	if err := check(os.Args[1], out); err != nil {
		fmt.Fprintf(os.Stderr, "schemacheck: %v\n", err)
		os.Exit(1)
	}
}

func check(file, out string) error {
	text, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", file, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return fmt.Errorf("binding %s: %w", file, err)
	}
	if len(diags) > 0 {
		lines := make([]string, 0, len(diags))
		for _, d := range diags {
			lines = append(lines, d.Error())
		}
		return fmt.Errorf("binding %s:\n%s", file, strings.Join(lines, "\n"))
	}
	generators := []struct {
		language string
		generate func() (map[string][]byte, error)
	}{
		{"nodejs", func() (map[string][]byte, error) {
			return nodejs.GeneratePackage("schemacheck", pkg, nil, nil, false, noPackages{})
		}},
		{"python", func() (map[string][]byte, error) {
			return python.GeneratePackage("schemacheck", pkg, nil, noPackages{})
		}},
		{"go", func() (map[string][]byte, error) { return gogen.GeneratePackage("schemacheck", pkg, nil) }},
	}
	for _, g := range generators {
		files, err := g.generate()
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", g.language, err)
		}
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Printf("%s: %d files\n", g.language, len(files))
		for _, name := range names {
			fmt.Printf("  %s\n", name)
			if out == "" {
				continue
			}
			target := filepath.Join(out, g.language, name)
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(target, files[name], 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// noPackages is the loader of a schema that references no other package: any reference is an error.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q: it must reference none", name)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q: it must reference none", d.Name)
}

func (noPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q: it must reference none", name)
}

func (noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q: it must reference none", d.Name)
}

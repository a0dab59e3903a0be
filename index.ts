// The package's component API (`main` and `exports["."]` point at its compiled twin,
// dist/components/index.js). Pulumi's analyzer reads this file as the package's entry when the
// build derives the component schema (tools/buildPlugin.ts); the plugin's host is provider/host.ts.
export * from "./components";

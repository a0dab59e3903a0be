/**
 * The Pulumi plugin's entry point (PulumiPlugin.yaml, `runtime: nodejs`): the Pulumi CLI's
 * Node.js host loads the package folder's `main` (this file, compiled to `dist/index.js`) and
 * this serves every component to other languages. Programs import the components from
 * `emr-serverless-dataplane` (the `exports` map), never this file.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { providerOptions } from "./provider";

componentProviderHost(providerOptions()).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
});

/**
 * The component provider: every component of the package, served to any Pulumi language
 * (Python, Go, .NET, Java, YAML) through `componentProviderHost` from
 * `@pulumi/pulumi/provider/experimental`. The Pulumi CLI starts it through `PulumiPlugin.yaml`
 * (its Node.js host loads the package's `main`, the top-level `index.ts` compiled to
 * `dist/index.js`); `pulumi package add <this repository>` then generates an SDK from the schema
 * that Pulumi's analyzer derives from the components' `Args` interfaces and outputs.
 */
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import {
    AccessPointGrant, CrossAccountDataSource, GuardedLauncher, LaunchConfiguration, LaunchProfile, LaunchRole, Network,
    ResourceBucket, RuntimeRole, SparkApplication,
} from "../components";
import { PACKAGE_ROOT } from "../engine/paths";

/** The package name in type tokens (`emr-dataplane:index:<Name>`), not the npm name. */
export const PROVIDER_NAME = "emr-dataplane";

/** Every component the provider serves (the schema test checks this against the exports of `components/`). */
export const COMPONENTS = [
    ResourceBucket, RuntimeRole, LaunchRole, Network, SparkApplication, LaunchProfile, LaunchConfiguration, GuardedLauncher,
    CrossAccountDataSource, AccessPointGrant,
];

/**
 * The provider's options: its name, the components, and the folder whose `package.json`,
 * `tsconfig.json` and TypeScript sources the analyzer reads (the package root, from the sources
 * or from `dist/`).
 */
export function providerOptions(dirname: string = PACKAGE_ROOT): ComponentProviderOptions & { version: string } {
    const version = JSON.parse(fs.readFileSync(path.join(dirname, "package.json"), "utf8")).version as string;
    return { name: PROVIDER_NAME, components: COMPONENTS, dirname, version };
}

/** A provider object, for tests and tools (its `getSchema` runs the analyzer; `construct` builds a component). */
export function createComponentProvider(dirname?: string): ComponentProvider {
    return new ComponentProvider(providerOptions(dirname));
}

let shared: { provider: ComponentProvider; schema: Promise<string> } | undefined;

/** One provider per process and its schema (the analyzer takes seconds): for the docs generator and the tests. */
export function sharedComponentProvider(): { provider: ComponentProvider; schema: Promise<string> } {
    if (!shared) {
        const provider = createComponentProvider();
        shared = { provider, schema: provider.getSchema() };
    }
    return shared;
}

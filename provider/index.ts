/**
 * The component provider: every component of the package, served to any Pulumi language
 * (Python, Go, .NET, Java, YAML) through `@pulumi/pulumi/provider/experimental`'s
 * `ComponentProvider`. Its schema is the one Pulumi's analyzer derives from the components' `Args`
 * interfaces and outputs — derived at build time (`npm run build`, tools/buildPlugin.ts) from the
 * TypeScript sources and shipped as `dist/plugin/schema.json`, because an installed package has no
 * sources to analyse. The Pulumi CLI starts the provider from the plugin folder `dist/plugin/`
 * (its `PulumiPlugin.yaml`; the host is ./host.ts), which `pulumi package add` and
 * `pulumi package gen-sdk` take as the package.
 */
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import {
    AccessPointGrant, CrossAccountDataSource, GuardedLauncher, JobSecret, LaunchConfiguration, LaunchProfile, LaunchRole, Network,
    PlaneTenants, ResourceBucket, RuntimeRole, SparkApplication,
} from "../components";
import { PACKAGE_ROOT } from "../engine/paths";
import { UserError } from "../vocabulary/userError";
import { analysisCacheDir, currentAnalysisKey, readAnalysis, writeAnalysis } from "./analysisCache";

/** The package name in type tokens (`emr-dataplane:index:<Name>`), not the npm name. */
export const PROVIDER_NAME = "emr-dataplane";

/** Every component the provider serves (the schema test checks this against the exports of `components/`). */
export const COMPONENTS = [
    ResourceBucket, RuntimeRole, LaunchRole, Network, SparkApplication, LaunchProfile, LaunchConfiguration, GuardedLauncher, JobSecret,
    CrossAccountDataSource, AccessPointGrant, PlaneTenants,
];

/** The Pulumi plugin folder the package ships: PulumiPlugin.yaml, the host's entry and the schema. */
export const PLUGIN_DIR = path.join(PACKAGE_ROOT, "dist", "plugin");
/** The schema built from the sources, as shipped. */
export const SCHEMA_FILE = path.join(PLUGIN_DIR, "schema.json");

/** The provider's options: its name, the components, and the folder whose `package.json`, `tsconfig.json` and TypeScript sources the analyzer reads. */
export function providerOptions(dirname: string = PACKAGE_ROOT): ComponentProviderOptions & { version: string } {
    const version = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")).version as string;
    return { name: PROVIDER_NAME, components: COMPONENTS, dirname, version };
}

interface SchemaDoc { resources: Record<string, { properties?: Record<string, unknown> }> }

/**
 * A provider serving a schema from a file (or its text): `getSchema` returns it as it is, and `construct` returns
 * each component's outputs as the schema lists them (what the analyzer's definitions would say).
 */
class SchemaFileProvider extends ComponentProvider {
    constructor(options: ComponentProviderOptions & { version: string }, private readonly file: string, private readonly text?: string) {
        super(options);
    }

    async getSchema(): Promise<string> {
        const self = this as unknown as { cachedSchema?: string; componentDefinitions?: Record<string, { outputs: Record<string, unknown> }> };
        if (self.cachedSchema !== undefined) return self.cachedSchema;
        let text: string;
        try {
            text = this.text ?? fs.readFileSync(this.file, "utf8");
        } catch (err) {
            throw new UserError(`the component schema ${this.file} cannot be read (${(err as NodeJS.ErrnoException).code ?? err}): the package was not built (npm run build)`);
        }
        const schema = JSON.parse(text) as SchemaDoc;
        const prefix = `${PROVIDER_NAME}:index:`;
        self.componentDefinitions = Object.fromEntries(Object.entries(schema.resources)
            .filter(([token]) => token.startsWith(prefix)).map(([token, r]) => [token.slice(prefix.length), { outputs: r.properties ?? {} }]));
        self.cachedSchema = text;
        return text;
    }
}

/** True in a checkout (the TypeScript sources the analyzer reads are there); false in an installed package. */
export function hasSources(): boolean {
    return fs.existsSync(path.join(PACKAGE_ROOT, "components", "index.ts"));
}

/**
 * A provider object (`getSchema`, `construct`). By default it serves the shipped schema
 * (dist/plugin/schema.json), as the installed package does; `{ analyze: true }` runs Pulumi's
 * analyzer on the sources instead (seconds; a checkout only), as the build does.
 */
export function createComponentProvider(opts: { analyze?: boolean } = {}): ComponentProvider {
    if (opts.analyze) {
        if (!hasSources()) throw new UserError("the component schema can be analysed only from a checkout of the package's sources; an installed package serves dist/plugin/schema.json");
        return new ComponentProvider(providerOptions());
    }
    return new SchemaFileProvider(providerOptions(), SCHEMA_FILE);
}

let shared: { provider: ComponentProvider; schema: Promise<string>; analysed: boolean } | undefined;

/**
 * One provider per process serving the schema the analyzer derives from the sources now, for the
 * build, the docs generator and the tests: the analysis kept for exactly these sources when there is
 * one (./analysisCache.ts; the analyzer takes seconds), else a new analysis, then kept.
 * `analysed` says which.
 */
export function sharedComponentProvider(): { provider: ComponentProvider; schema: Promise<string>; analysed: boolean } {
    if (!shared) {
        if (!hasSources()) createComponentProvider({ analyze: true }); // throws the one line
        const key = currentAnalysisKey(PACKAGE_ROOT);
        const kept = readAnalysis(PACKAGE_ROOT, key);
        if (kept !== undefined) {
            const provider = new SchemaFileProvider(providerOptions(), analysisCacheDir(PACKAGE_ROOT), kept);
            shared = { provider, schema: provider.getSchema(), analysed: false };
        } else {
            const provider = createComponentProvider({ analyze: true });
            const schema = provider.getSchema().then((text) => {
                writeAnalysis(PACKAGE_ROOT, key, text);
                return text;
            });
            shared = { provider, schema, analysed: true };
        }
    }
    return shared;
}

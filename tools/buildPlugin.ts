/**
 * Assembles the Pulumi plugin folder, `dist/plugin/` (`npm run build` runs it after `tsc`): the
 * component schema that Pulumi's analyzer derives from the TypeScript sources now — an installed
 * package has none to analyse, so it ships the result — `PulumiPlugin.yaml`, a `package.json`
 * whose `main` is the host, and that entry, which loads the compiled host (dist/provider/host.js).
 * The folder is what `pulumi package add` and `pulumi package gen-sdk` take.
 */
import * as fs from "fs";
import * as path from "path";
import { PLUGIN_DIR, SCHEMA_FILE, sharedComponentProvider } from "../provider";

const ROOT = path.resolve(__dirname, "..");

/**
 * Writes dist/plugin/; the schema is analysed again only when the sources it is derived from
 * changed since the last analysis (provider/analysisCache.ts, by content; test/package/provider.spec.ts
 * compares the shipped schema with the analysis of the sources now).
 */
export async function buildPlugin(): Promise<{ components: number; analysed: boolean }> {
    const shared = sharedComponentProvider();
    const schema = JSON.parse(await shared.schema) as { resources: Record<string, unknown> };
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    fs.rmSync(PLUGIN_DIR, { recursive: true, force: true });
    fs.mkdirSync(PLUGIN_DIR, { recursive: true });
    fs.writeFileSync(SCHEMA_FILE, JSON.stringify(schema, null, 2) + "\n");
    fs.copyFileSync(path.join(ROOT, "provider", "PulumiPlugin.yaml"), path.join(PLUGIN_DIR, "PulumiPlugin.yaml"));
    fs.writeFileSync(path.join(PLUGIN_DIR, "package.json"), JSON.stringify({
        name: "emr-dataplane-plugin",
        version: root.version,
        description: `The ${root.name} component provider (Pulumi plugin), built by \`npm run build\` (do not edit: rebuild).`,
        license: root.license,
        private: true,
        main: "index.js",
    }, null, 2) + "\n");
    fs.writeFileSync(path.join(PLUGIN_DIR, "index.js"), [
        "// The plugin's entry (package.json main): the component provider's host, compiled (provider/host.ts).",
        "\"use strict\";",
        "require(\"../provider/host.js\");",
        "",
    ].join("\n"));
    return { components: Object.keys(schema.resources).length, analysed: shared.analysed };
}

if (require.main === module) {
    buildPlugin().then(({ components, analysed }) => console.log(`plugin: ${path.relative(ROOT, PLUGIN_DIR)}/ (schema of ${components} components${analysed ? "" : ", unchanged"})`), (err) => {
        console.error(`buildPlugin: ${(err as Error).message}`);
        process.exitCode = 1;
    });
}

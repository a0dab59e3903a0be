/**
 * A project's own TypeScript program (one `dataplane init` wrote, or any other), loaded offline the
 * way the Pulumi CLI's Node.js host loads it (`@pulumi/pulumi/cmd/run`): through the ts-node
 * registration the SDK itself ships — the project's `typescript` and `ts-node` when it has them,
 * else the SDK's vendored ones — with the project's `tsconfig.json` over the host's defaults. So
 * nothing beyond the required peers is needed to preview it.
 *
 * The offline preview transpiles without type-checking (as `PULUMI_NODEJS_TRANSPILE_ONLY=true`
 * does for the Pulumi CLI): a plan in a second, types checked by `tsc` or `pulumi preview`.
 * `PULUMI_NODEJS_TRANSPILE_ONLY=false` type-checks here too. CommonJS programs only (the
 * `pulumi new` default); the registration is process-wide, so the first program's folder sets it.
 */
import * as fs from "fs";
import * as path from "path";

let registeredFor: string | undefined;

/** Registers the TypeScript loader for programs of `projectDir` (once per process); returns the folder it was registered for. */
export function registerTypeScript(projectDir: string): string {
    if (registeredFor !== undefined) return registeredFor;
    /* eslint-disable @typescript-eslint/no-var-requires */
    const tsutils = require("@pulumi/pulumi/tsutils") as {
        typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
        loadTypeScriptCompilerOptions(file: string): Record<string, unknown>;
    };
    const tsConfigPath = path.join(projectDir, "tsconfig.json");
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const ts = require(typescriptRequire) as { version: string };
    // nodenext from TypeScript 4.7 on, as the host decides.
    const [major, minor] = ts.version.split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    const env = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    (require(tsnodeRequire) as { register(options: object): unknown }).register({
        compiler: typescriptRequire,
        transpileOnly: env === undefined ? true : env === "true",
        project: fs.existsSync(tsConfigPath) ? tsConfigPath : undefined,
        skipProject: !fs.existsSync(tsConfigPath),
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...(fs.existsSync(tsConfigPath) ? tsutils.loadTypeScriptCompilerOptions(tsConfigPath) : {}),
        },
    });
    /* eslint-enable @typescript-eslint/no-var-requires */
    registeredFor = projectDir;
    return projectDir;
}

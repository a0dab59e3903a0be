/**
 * Starts a Node.js Pulumi plugin folder the way the Pulumi CLI's Node.js language host does
 * (`RunPlugin`: `node <run-plugin> <plugin folder> <engine address>`, with `run-plugin` resolved
 * from the plugin's folder, so its own node_modules resolution decides which SDK runs it), and asks
 * it for its schema over gRPC as the engine would. The plugin prints its port on stdout.
 */
import { spawn } from "child_process";
import { execFileSync } from "child_process";
import * as path from "path";

/** The schema a plugin folder serves, started as the Pulumi CLI starts it (the process is stopped afterwards). */
export async function schemaFromPlugin(pluginDir: string): Promise<Record<string, any>> {
    const resolveHere = (m: string) => execFileSync(process.execPath, ["-e", `console.log(require.resolve(${JSON.stringify(m)}))`], { cwd: pluginDir, encoding: "utf8" }).trim();
    const runPlugin = resolveHere("@pulumi/pulumi/cmd/run-plugin");
    const child = spawn(process.execPath, [runPlugin, pluginDir, "127.0.0.1:1"], { cwd: pluginDir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    try {
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            let err = "";
            child.stdout.on("data", (d) => { out += d; if (/^\d+\n/.test(out)) resolve(Number(out.split("\n")[0])); });
            child.stderr.on("data", (d) => { err += d; });
            child.on("exit", (code) => reject(new Error(`the plugin in ${pluginDir} exited with ${code}: ${err}`)));
        });
        // The SDK's own gRPC stubs and client library, from the same SDK that runs the plugin.
        const sdk = path.dirname(resolveHere("@pulumi/pulumi/package.json"));
        const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
        const rpc = require(path.join(sdk, "proto", "provider_grpc_pb"));
        const pb = require(path.join(sdk, "proto", "provider_pb"));
        const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            return await new Promise((resolve, reject) => client.getSchema(new pb.GetSchemaRequest(), (err: Error | null, res: { getSchema(): string }) =>
                (err ? reject(err) : resolve(JSON.parse(res.getSchema())))));
        } finally {
            client.close();
        }
    } finally {
        child.kill();
    }
}

/** Every component, input, output and type property of a schema without a description (a JSDoc `{@link}` reaches the analyzer as "[object Object]"). */
export function undescribed(schema: { resources: Record<string, any>; types?: Record<string, any> }): string[] {
    const missing: string[] = [];
    const bad = (d: string | undefined) => !d || d.includes("[object Object]");
    for (const [token, r] of Object.entries(schema.resources)) {
        if (bad(r.description)) missing.push(token);
        for (const [name, p] of Object.entries<any>(r.inputProperties ?? {})) if (bad(p.description)) missing.push(`${token} input ${name}`);
        for (const [name, p] of Object.entries<any>(r.properties ?? {})) if (bad(p.description)) missing.push(`${token} output ${name}`);
    }
    for (const [token, t] of Object.entries<any>(schema.types ?? {})) {
        for (const [name, p] of Object.entries<any>(t.properties ?? {})) if (bad(p.description)) missing.push(`${token}.${name}`);
        for (const e of t.enum ?? []) if (bad(e.description)) missing.push(`${token} ${e.name}`);
    }
    return missing;
}

/**
 * Starts a Node.js policy pack folder the way the Pulumi CLI does (pulumi/pulumi,
 * pkg/resource/plugin/analyzer_plugin.go `NewPolicyAnalyzer`, and the `pulumi-analyzer-policy`
 * script it launches): the working directory is the pack's folder, `@pulumi/pulumi/cmd/run-policy-pack`
 * is resolved *from that folder* (so the pack's own node_modules resolution decides which SDK runs
 * it), and it is started with the engine's address and `.` — the folder, whose package.json `main`
 * Node loads. The analyzer prints its port on stdout.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";

export interface ServedPack {
    child: ChildProcess;
    port: string;
    stderr: () => string;
}

/** What `pulumi-analyzer-policy` runs: `require.resolve("@pulumi/pulumi/cmd/run-policy-pack")` in the pack's folder. */
export function runPolicyPackScript(packDir: string): string {
    return execFileSync(process.execPath, ["-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))"], { cwd: packDir, encoding: "utf8" }).trim();
}

export async function servePolicyPack(packDir: string): Promise<ServedPack> {
    const script = runPolicyPackScript(packDir);
    // No loader, no TypeScript hook of ours: only what the CLI's own runner registers.
    const child = spawn(process.execPath, [script, "127.0.0.1:0", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    let stderr = "";
    child.stderr!.on("data", (d) => { stderr += String(d); });
    const port = await new Promise<string>((resolve, reject) => {
        child.stdout!.once("data", (d) => resolve(String(d).trim()));
        child.once("exit", (code) => reject(new Error(`the pack in ${packDir} exited ${code} before serving: ${stderr}`)));
    });
    return { child, port, stderr: () => stderr };
}

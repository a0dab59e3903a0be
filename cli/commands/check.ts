/**
 * `dataplane check FILE [--json] [--policy-config FILE]`: runs the policy pack over a
 * `pulumi stack export`, a `pulumi preview --json` or a `dataplane preview --json` file, without
 * the Pulumi CLI. `-` reads standard input. Exit 1 when a mandatory rule fails, 0 otherwise, 2 when
 * the file is not one of those formats or breaks a limit (engine/check/stackFiles.ts), with one line naming
 * the path in the file (as JSON with `--json`).
 */
import { analyzeResources, hasMandatory, readPolicyConfig } from "../../engine/check/analyze";
import { errorLine } from "../../vocabulary/printable";
import { readStackFile } from "../../engine/check/stackFiles";
import { isUserError } from "../../vocabulary/userError";
import { CommandSpec, Parsed, UsageError } from "../args";
import { violationLines, violationSummary } from "../policyReport";

export const CHECK: CommandSpec = {
    name: "check",
    summary: "run the policy pack over a stack export or a preview, without the Pulumi CLI",
    arguments: [{ name: "file", description: "a `pulumi stack export`, a `pulumi preview --json` or a `dataplane preview --json` file (UTF-8, or UTF-16 with a byte-order mark); - reads standard input" }],
    options: {
        json: { description: "print one JSON document (file, format, resources, summary, violations) instead of text; bad input too, as {error, exitCode}" },
        "policy-config": { value: "file", description: "a policy-pack config (JSON: rule name to enforcement level), as `pulumi preview --policy-pack-config` takes" },
    },
    details: "Exit status: 0 no mandatory violation, 1 a mandatory rule failed, 2 the file or the config is not readable.",
    run: (parsed, out) => checkCommand(parsed, out),
};

/** Runs the command (declared by {@link CHECK}). */
export async function checkCommand(parsed: Parsed, out: (line: string) => void): Promise<number> {
    if (!parsed.flags.json) return check(parsed, out);
    // With --json, bad input is reported as JSON on standard output too (exit 2), so CI can parse every outcome.
    try {
        return await check(parsed, out);
    } catch (err) {
        if (!isUserError(err)) throw err;
        out(JSON.stringify({ error: { kind: err.name, message: errorLine(err.message) }, exitCode: 2 }, null, 2));
        return 2;
    }
}

async function check({ flags, positionals }: Parsed, out: (line: string) => void): Promise<number> {
    if (positionals.length !== 1) throw new UsageError(`dataplane check: ${positionals.length ? `one file, got ${positionals.length}` : "a file is required"} (see dataplane check --help)`);
    const file = positionals[0];
    const shown = file === "-" ? "standard input" : file;
    const config = flags["policy-config"] ? readPolicyConfig(flags["policy-config"] as string) : undefined;
    const stack = readStackFile(file);
    const violations = await analyzeResources(stack.resources, { config });
    if (flags.json) {
        out(JSON.stringify({ file: shown, format: stack.format, resources: stack.resources.length, summary: violationSummary(violations), violations }, null, 2));
    } else {
        out(`Checked ${shown} (${stack.format}, ${stack.resources.length} resources)`);
        for (const line of violationLines(violations)) out(line);
    }
    return hasMandatory(violations) ? 1 : 0;
}

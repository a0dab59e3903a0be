/**
 * `dataplane check FILE [--json] [--policy-config FILE]`: runs the policy pack over a
 * `pulumi stack export`, a `pulumi preview --json` or a `dataplane preview --json` file, without
 * the Pulumi CLI. `-` reads standard input. Exit 1 when a mandatory rule fails, 0 otherwise, 2 when
 * the file is not one of those formats or breaks a limit (engine/stackFiles.ts), with one line naming
 * the path in the file (as JSON with `--json`).
 */
import * as fs from "fs";
import { analyzeResources, hasMandatory } from "../engine/analyze";
import { POLICIES, PolicyConfig, PolicyConfigError, withEnforcement } from "../policies/policies";
import { oneLine } from "../policies/values";
import { StackFileError, readStackFile } from "../engine/stackFiles";
import { parseArgs, UsageError } from "./args";
import { violationLines, violationSummary } from "./policyReport";

export const CHECK_USAGE = "usage: dataplane check <stack export | pulumi preview --json | dataplane preview --json file, or - for standard input> [--json] [--policy-config <file>]";

/** Reads a policy-pack config file (the format of `pulumi preview --policy-pack-config`); bad rule names and levels fail here. */
export function readPolicyConfig(file: string): PolicyConfig {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new PolicyConfigError(`${file}: is not a readable JSON policy config (${(err as NodeJS.ErrnoException).code ?? oneLine((err as Error).message)})`);
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new PolicyConfigError(`${file}: a policy config is a JSON object of rule names to enforcement levels`);
    withEnforcement(POLICIES, doc as PolicyConfig, file);
    return doc as PolicyConfig;
}

/**
 * The policy config of a stack file, when one sits beside it: `Pulumi.<stack>.policy.json` for
 * `Pulumi.<stack>.yaml` (the same format as `--policy-config`). `dataplane preview` reads it, so a
 * stack that trusts another account's principal says so once, next to its config.
 */
export function policyConfigBeside(stackFile: string): PolicyConfig | undefined {
    const file = stackFile.replace(/\.ya?ml$/, "") + ".policy.json";
    return fs.existsSync(file) ? readPolicyConfig(file) : undefined;
}

export async function checkCommand(argv: string[], out: (line: string) => void): Promise<number> {
    if (!argv.includes("--json")) return check(argv, out);
    // With --json, bad input is reported as JSON on standard output too (exit 2), so CI can parse every outcome.
    try {
        return await check(argv, out);
    } catch (err) {
        if (!(err instanceof StackFileError || err instanceof PolicyConfigError || err instanceof UsageError)) throw err;
        out(JSON.stringify({ error: { kind: err.name, message: oneLine(err.message) }, exitCode: 2 }, null, 2));
        return 2;
    }
}

async function check(argv: string[], out: (line: string) => void): Promise<number> {
    const { flags, positionals } = parseArgs(argv, { json: {}, "policy-config": { value: true } }, "dataplane check");
    if (positionals.length !== 1) throw new UsageError(`dataplane check: ${positionals.length ? `one file, got ${positionals.length}` : "a file is required"}\n${CHECK_USAGE}`);
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

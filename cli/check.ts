/**
 * `dataplane check FILE [--json] [--policy-config FILE]`: runs the policy pack over a
 * `pulumi stack export`, a `pulumi preview --json` or a `dataplane preview --json` file, without
 * the Pulumi CLI. Exit 1 when a mandatory rule fails, 0 otherwise, 2 when the file is not one of
 * those formats.
 */
import * as fs from "fs";
import { analyzeResources, hasMandatory } from "../engine/analyze";
import { POLICIES, PolicyConfig, PolicyConfigError, withEnforcement } from "../policies/policies";
import { oneLine } from "../policies/values";
import { readStackFile } from "../engine/stackFiles";
import { Parsed, UsageError } from "./args";
import { violationLines, violationSummary } from "./policyReport";

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

/** Runs the command; its arguments and options are declared in `commands.ts`. */
export async function checkCommand({ flags, positionals }: Parsed, out: (line: string) => void): Promise<number> {
    if (positionals.length !== 1) throw new UsageError(`dataplane check: ${positionals.length ? `one file, got ${positionals.length}` : "a file is required"} (see dataplane check --help)`);
    const file = positionals[0];
    const config = flags["policy-config"] ? readPolicyConfig(flags["policy-config"] as string) : undefined;
    const stack = readStackFile(file);
    const violations = await analyzeResources(stack.resources, { config });
    if (flags.json) {
        out(JSON.stringify({ file, format: stack.format, resources: stack.resources.length, summary: violationSummary(violations), violations }, null, 2));
    } else {
        out(`Checked ${file} (${stack.format}, ${stack.resources.length} resources)`);
        for (const line of violationLines(violations)) out(line);
    }
    return hasMandatory(violations) ? 1 : 0;
}

/**
 * `dataplane check FILE [--json] [--policy-config FILE]`: runs the policy pack over a
 * `pulumi stack export`, a `pulumi preview --json` or a `dataplane preview --json` file, without
 * the Pulumi CLI. `-` reads standard input. Exit 1 when a mandatory rule fails, 0 otherwise, 2 when
 * the file is not one of those formats or breaks a limit (engine/check/stackFiles.ts), with one line naming
 * the path in the file (as JSON with `--json`).
 */
import { accountChecksNotMadeIn, analyzeResources, hasMandatory, readPolicyConfig, withOwnAccounts } from "../../engine/check/analyze";
import { ACCOUNT_ID_PATTERN } from "../../vocabulary/arn";
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
        account: { value: "id", repeat: true, rule: { pattern: ACCOUNT_ID_PATTERN, must: "be a 12-digit AWS account id" },
            description: "the stack's own AWS account (repeatable), when the file does not show it: a preview of a first deployment has no ARN yet; " +
                "the provider's allowedAccountIds, a <project>:accountId in the preview's config and ARNs in the outputs are read without it" },
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
    const given = flags["policy-config"] ? readPolicyConfig(flags["policy-config"] as string) : undefined;
    const stack = readStackFile(file);
    // The stack's own accounts: from --account, and from what the file says besides its ARNs (the pack reads those itself).
    const accounts = [...new Set([...(flags.account as string[] | undefined ?? []), ...stack.accounts])];
    const config = withOwnAccounts(given, accounts);
    const violations = await analyzeResources(stack.resources, { config });
    const notMade = accountChecksNotMadeIn(stack.resources, config);
    if (flags.json) {
        out(JSON.stringify({ file: shown, format: stack.format, resources: stack.resources.length, summary: violationSummary(violations), accounts, accountChecksNotMade: notMade, violations }, null, 2));
    } else {
        out(`Checked ${shown} (${stack.format}, ${stack.resources.length} resources${accounts.length ? `, account ${accounts.join(", ")}` : ""})`);
        const note = notMade > 0 ? `; ${notMade} account check${notMade > 1 ? "s" : ""} not made: no account of this stack is known (the file shows none), so accounts named in policies were neither passed nor failed: give --account <id>` : "";
        for (const line of violationLines(violations, note)) out(line);
    }
    return hasMandatory(violations) ? 1 : 0;
}

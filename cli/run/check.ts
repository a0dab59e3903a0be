/**
 * `dataplane check FILE [--json] [--policy-config FILE]` (declared in ../commands/check.ts): runs
 * the policy pack over a `pulumi stack export`, a `pulumi preview --json` or a `dataplane preview
 * --json` file, without the Pulumi CLI — the last with the pack settings the preview recorded, so
 * that a plan has one verdict. `-` reads standard input. Exit 1 when a mandatory rule fails, 0 otherwise, 2 when
 * the file is not one of those formats or breaks a limit (engine/check/stackFiles.ts), with one line naming
 * the path in the file (as JSON with `--json`).
 */
import { analyzeWithAccountChecks, checkedPolicyConfig, hasMandatory, readPolicyConfig, withOwnAccounts } from "../../engine/check/analyze";
import { errorLine } from "../../vocabulary/printable";
import { PolicyConfig } from "../../policies/pack";
import { StackFile, readStackFile } from "../../engine/check/stackFiles";
import type { PackSettings } from "../../stacks/projects";
import { isUserError } from "../../vocabulary/userError";
import { Parsed, Printer, UsageError } from "../args";
import { violationLines, violationSummary } from "../policyReport";
import { printJsonWithViolations } from "../jsonReport";
import { shippedManagedData } from "../managedPolicyData";

/** Runs the command (declared by {@link CHECK}). */
export async function checkCommand(parsed: Parsed, out: Printer): Promise<number> {
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

async function check({ flags, positionals }: Parsed, out: Printer): Promise<number> {
    if (positionals.length !== 1) throw new UsageError(`dataplane check: ${positionals.length ? `one file, got ${positionals.length}` : "a file is required"} (see dataplane check --help)`);
    const file = positionals[0];
    const shown = file === "-" ? "standard input" : file;
    const given = flags["policy-config"] as string | undefined;
    const config = given ? readPolicyConfig(given) : undefined;
    const stack = readStackFile(file);
    const settings = packSettingsOf(stack, shown, given, config);
    // The stack's own accounts: from --account, and from what the file says besides its ARNs (the pack reads those itself).
    const accounts = [...new Set([...(flags.account as string[] | undefined ?? []), ...stack.accounts])];
    const judged = withOwnAccounts(settings.config, accounts);
    const { violations, accountChecksNotMade: notMade } = await analyzeWithAccountChecks(stack.resources, { config: judged, plainJson: stack.plainJson });
    const managed = shippedManagedData();
    if (flags.json) {
        printJsonWithViolations({
            file: shown, format: stack.format, resources: stack.resources.length, summary: violationSummary(violations), packSettings: settings, accounts, accountChecksNotMade: notMade,
            ...(managed ? { managedPolicyData: managed } : {}), violations,
        }, out);
    } else {
        out(`Checked ${shown} (${stack.format}, ${stack.resources.length} resources${accounts.length ? `, account ${accounts.join(", ")}` : ""})`);
        out(`Pack settings: ${settings.from}`);
        if (managed) out(`AWS managed policies: ${managed.note}`);
        const note = notMade > 0 ? `; ${notMade} account check${notMade > 1 ? "s" : ""} not made: no account of this stack is known (the file shows none), so accounts named in policies were neither passed nor failed: give --account <id>` : "";
        for (const line of violationLines(violations, note)) out(line);
    }
    return hasMandatory(violations) ? 1 : 0;
}

/**
 * The settings to judge the file with, and where they came from: `--policy-config` when given; else
 * those a `dataplane preview --json` document records it was judged with (checked as a policy config
 * is), so that check gives the preview's verdict; else the pack's defaults.
 */
function packSettingsOf(stack: StackFile, shown: string, given: string | undefined, config: PolicyConfig | undefined): PackSettings {
    const recorded = stack.packSettings;
    if (given) {
        const instead = recorded ? `, instead of the settings the preview recorded (${recorded.from})` : "";
        return { config: config!, from: `--policy-config ${given}${instead}` };
    }
    if (recorded) {
        return { config: checkedPolicyConfig(recorded.config, `${shown}: packSettings.config`), from: `as dataplane preview judged this plan: ${recorded.from}` };
    }
    const why = stack.format === "dataplane preview --json" ? "the file records none" : `a ${stack.format} file records none`;
    return { config: {}, from: `the pack's defaults (${why}; --policy-config gives others)` };
}

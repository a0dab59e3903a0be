/**
 * `dataplane preview --config <Pulumi.<stack>.yaml> [--json] [--show-secrets] [--world FILE]`:
 * runs the data-plane program for a stack config under the offline engine and prints the plan,
 * the control-plane message and the policy pack's verdict.
 */
import { StackPreview, loadWorldFile, previewStack } from "../engine/preview";
import { revealOrMask } from "../engine/run";
import { Violation, analyzeResources, hasMandatory } from "../engine/analyze";
import { policyConfigBeside } from "./check";
import { parseArgs, UsageError } from "./args";
import { violationLines } from "./policyReport";
import { countByOp, resourceTree } from "./render";

export const PREVIEW_USAGE = "usage: dataplane preview --config <Pulumi.<stack>.yaml> [--json] [--show-secrets] [--world <file>]";

/**
 * The `--json` document. Secrets are "[secret]" unless `showSecrets`. `violations` are the policy
 * pack's, run on the plan with every value known (secrets included: the pack sees what the engine would).
 */
export function previewDocument(preview: StackPreview, showSecrets: boolean, violations: Violation[] = []) {
    const mask = showSecrets ? undefined : "[secret]";
    return {
        project: preview.stackConfig.project,
        stack: preview.stackConfig.stack,
        account: preview.world.accountId,
        region: preview.world.region,
        warnings: preview.stackConfig.warnings,
        resources: preview.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            custom: r.custom,
            op: r.op,
            id: r.id ?? null,
            retainOnDelete: r.retainOnDelete,
            inputs: revealOrMask(r.inputs, mask),
            outputs: revealOrMask(r.outputs, mask),
        })),
        outputs: revealOrMask(preview.outputs, mask) as Record<string, unknown>,
        violations,
    };
}

export async function previewCommand(argv: string[], out: (line: string) => void): Promise<number> {
    const { flags, positionals } = parseArgs(argv, {
        config: { value: true }, json: {}, "show-secrets": {}, world: { value: true },
    }, "dataplane preview");
    if (positionals.length > 0) throw new UsageError(`dataplane preview: unexpected argument ${positionals[0]}\n${PREVIEW_USAGE}`);
    const configFile = flags.config as string | undefined;
    if (!configFile) throw new UsageError(`dataplane preview: --config is required\n${PREVIEW_USAGE}`);
    const world = flags.world ? loadWorldFile(flags.world as string) : undefined;
    const preview = await previewStack(configFile, { world });
    const violations = await analyzeResources(preview.resources, { config: policyConfigBeside(configFile) });
    const doc = previewDocument(preview, Boolean(flags["show-secrets"]), violations);
    const status = hasMandatory(violations) ? 1 : 0;
    if (flags.json) {
        out(JSON.stringify(doc, null, 2));
        return status;
    }
    out(`Offline preview of stack ${doc.stack} (project ${doc.project}) in account ${doc.account}, ${doc.region}`);
    out("No AWS account and no Pulumi CLI were used: ids and ARNs come from a deterministic mock engine.");
    for (const w of doc.warnings) out(`warning: ${w}`);
    out("");
    out(`Resources: ${countByOp(preview.resources)}`);
    for (const line of resourceTree(preview.resources)) out(`  ${line}`);
    out("");
    out(`Outputs${flags["show-secrets"] ? "" : " (secrets masked; --show-secrets to reveal)"}:`);
    for (const [key, value] of Object.entries(doc.outputs)) {
        out(`  ${key}: ${JSON.stringify(value, null, 2).split("\n").join("\n  ")}`);
    }
    out("");
    for (const line of violationLines(violations)) out(line);
    return status;
}

/**
 * `dataplane preview --config <Pulumi.<stack>.yaml> [--json] [--show-secrets] [--world FILE] [--diagram FILE]`
 * (declared in ../commands/preview.ts): runs the data-plane program for a stack config under the offline engine and prints the plan,
 * its idle monthly cost, the control-plane message and the policy pack's verdict.
 */
import * as path from "path";
import { StackPreview, loadWorldFile, previewStack } from "../../engine/preview/preview";
import { revealOrMask } from "../../engine/offline/run";
import { Violation, analyzeResources, hasMandatory, policyConfigBeside } from "../../engine/check/analyze";
import { IdleCost, applicationCostLines, idleCost, idleCostLine } from "../../engine/reports/idleCost";
import { PackSettings, packSettingsFor } from "../../stacks/projects";
import { Parsed, UsageError } from "../args";
import { checkDiagramFile, writeDiagram } from "../diagramFile";
import { violationLines } from "../policyReport";
import { shippedManagedData } from "../managedPolicyData";
import { countByOp, resourceTree, table } from "../render";

/**
 * The `--json` document. Secrets are "[secret]" unless `showSecrets`. `violations` are the policy
 * pack's, run on the plan with every value known (secrets included: the pack sees what the engine would).
 */
export function previewDocument(preview: StackPreview, showSecrets: boolean, violations: Violation[] = [], cost: IdleCost = idleCost(preview.resources), packSettings?: PackSettings) {
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
        idleCost: cost,
        // What `violations` were judged with: dataplane check of this document uses the same (./check.ts).
        ...(packSettings ? { packSettings } : {}),
        violations,
    };
}

export async function previewCommand({ flags, positionals }: Parsed, out: (line: string) => void): Promise<number> {
    if (positionals.length > 0) throw new UsageError(`dataplane preview: unexpected argument ${positionals[0]} (see dataplane preview --help)`);
    const configFile = flags.config as string | undefined;
    if (!configFile) throw new UsageError("dataplane preview: --config is required (see dataplane preview --help)");
    const diagram = flags.diagram as string | undefined;
    checkDiagramFile(diagram, "dataplane preview");
    const world = flags.world ? loadWorldFile(flags.world as string) : undefined;
    const preview = await previewStack(configFile, { world });
    const beside = path.basename(configFile).replace(/\.ya?ml$/, ".policy.json");
    const pack = packSettingsFor(preview.stackConfig.project, preview.stackConfig.config, policyConfigBeside(configFile), beside,
        `the pack's defaults (no ${beside} beside the stack file)`);
    const violations = await analyzeResources(preview.resources, { config: pack.config });
    const doc = previewDocument(preview, Boolean(flags["show-secrets"]), violations, undefined, pack);
    // Which AWS managed policy documents judged attached ones, when the package's own (as check and fleet say it: ../managedPolicyData.ts).
    const managed = shippedManagedData();
    const status = hasMandatory(violations) ? 1 : 0;
    if (diagram) await writeDiagram(diagram, `${doc.project}/${doc.stack}`, preview.resources);
    if (flags.json) {
        out(JSON.stringify(managed ? { ...doc, managedPolicyData: managed } : doc, null, 2));
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
    out(`Idle cost: ${idleCostLine(doc.idleCost)}`);
    for (const line of table(doc.idleCost.lines.map((l) => [`  ${l.item}`, `×${l.count}`, `US$${l.monthly.toFixed(2)}/month`, `(${l.basis})`]))) out(line);
    out(`  prices: ${doc.idleCost.source}`);
    if (doc.idleCost.applications.length > 0) {
        out("EMR Serverless applications, the most they can cost per hour (vCPU-hours and GB-hours at the cap):");
        for (const line of applicationCostLines(doc.idleCost.applications)) out(`  ${line}`);
        out(`  ${doc.idleCost.applications[0].note}.`);
    }
    if (diagram) out(`Diagram: ${diagram}`);
    out("");
    out(`Pack settings: ${pack.from}`);
    if (managed) out(`AWS managed policies: ${managed.note}`);
    for (const line of violationLines(violations)) out(line);
    return status;
}

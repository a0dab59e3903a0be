/**
 * `dataplane onboard` (declared in ../commands/onboard.ts): one customer's stack file or a fleet's
 * list → what each customer deploys (engine/onboarding/onboard.ts), and the pack's verdict on its IAM.
 */
import { hasMandatory } from "../../engine/check/analyze";
import { planFleet } from "../../engine/fleet/plan";
import { OnboardedPlane, onboardFleet, onboardPlane } from "../../engine/onboarding/onboard";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { projectFileFor } from "../../engine/preview/preview";
import { Parsed, Printer, UsageError } from "../args";
import { violationLines } from "../policyReport";

export async function onboardCommand({ flags, positionals }: Parsed, out: Printer): Promise<number> {
    const command = "dataplane onboard";
    if (positionals.length > 0) throw new UsageError(`${command}: unexpected argument ${positionals[0]} (see ${command} --help)`);
    const principals = (flags["deploy-principal"] as string[] | undefined) ?? [];
    if (principals.length === 0) throw new UsageError(`${command}: --deploy-principal is required: the vendor's role or user that deploys the planes`);
    const config = flags.config as string | undefined;
    const template = flags.template as string | undefined;
    const customers = flags.customers as string | undefined;
    if (config && (template || customers)) throw new UsageError(`${command}: give --config (one customer) or --template with --customers (a fleet), not both`);
    if (!config && !(template && customers)) throw new UsageError(`${command}: give --config (one customer's stack file) or --template with --customers (a fleet)`);
    const opts = { deployPrincipalArns: principals, outDir: flags.out as string, templateUrl: flags["template-url"] as string | undefined, format: ((flags.format as string | undefined) ?? "json") as "json" | "yaml" };
    let planes: OnboardedPlane[];
    let columnsFile: string | undefined;
    if (config) {
        const projectFile = projectFileFor(config);
        planes = [await onboardPlane(loadStackConfig(config, projectFile), opts, projectFile)];
    } else {
        ({ planes, columnsFile } = await onboardFleet(planFleet(template!, customers!), opts));
    }
    const violations = planes.flatMap((p) => p.violations);
    if (flags.json) {
        out(JSON.stringify({
            planes: planes.map((p) => ({ customerId: p.customerId, accountId: p.accountId, region: p.region, deployerRoleArn: p.deployerRoleArn,
                permissionsBoundaryArn: p.boundaryArn, files: p.files, quickCreateLink: p.link ? "[secret: quick-create-link.txt]" : null, generatedExternalId: p.generatedExternalId, violations: p.violations })),
            ...(columnsFile ? { fleetColumns: columnsFile } : {}),
        }, null, 2));
        return hasMandatory(violations) ? 1 : 0;
    }
    for (const p of planes) {
        out(`Customer ${p.customerId} (account ${p.accountId}, ${p.region}): wrote ${p.dir}/`);
        out(`  deployer role ${p.deployerRoleArn}, boundary ${p.boundaryArn}`);
        out(`  ${p.iam.deployerPolicies.length} deployer policies for ${p.facts.resources.length} plane resources; ExternalId ${p.generatedExternalId ? "generated" : "kept from the earlier run"} (${p.dir}/deployer-external-id, never printed)`);
        if (p.link) out(`  quick-create link: ${p.dir}/quick-create-link.txt (it carries the ExternalId)`);
        out(`  set on the plane's stack: emr-dataplane:rolePermissionsBoundaryArn = ${p.boundaryArn}`);
        for (const line of violationLines(p.violations)) out(`  ${line}`);
    }
    if (columnsFile) out(`Fleet columns (deployer role, ExternalId, boundary) for the customer list: ${columnsFile}`);
    return hasMandatory(violations) ? 1 : 0;
}

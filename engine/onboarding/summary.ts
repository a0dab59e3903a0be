/**
 * The security reviewer's page (docs/reference/onboarding-permissions.md, `npm run docs`): what the
 * vendor's deployer can and cannot do in the customer's account, generated from the onboarding
 * table and from the example customer's onboarding (the same code `dataplane onboard` runs).
 */
import * as path from "path";
import type { Statement } from "../../components/iam/document";
import { loadStackConfig } from "../preview/stackConfig";
import { PACKAGE_ROOT } from "../paths";
import { DATA_PLANE_PROJECT_FILE } from "../preview/preview";
import { deriveOnboarding } from "./onboard";
import { ONBOARDING_TABLE, Phase } from "./table";
import { LOOKUP_TABLE } from "./lookups";

const PHASE_LETTER: Record<Phase, string> = { create: "C", read: "R", update: "U", delete: "D", tag: "T" };

const SCOPE_TEXT: Record<string, string> = {
    bucket: "buckets named with the plane's prefix",
    role: "the plane's roles, by exact name",
    "log-group": "the plane's log groups, by exact name",
    "service-linked-role": "EMR Serverless's service-linked role only",
    "*": "`*` (the action has no resource type)",
};

function scopeOf(kind: string, tags?: string): string {
    if (SCOPE_TEXT[kind]) return kind === "*" && tags ? "`*`, only with the plane's tags in the request" : SCOPE_TEXT[kind];
    return tags ? `new ${kind}, only with the plane's tags in the request` : `${kind} carrying the plane's tags`;
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|");
}

/** The whole reference page (without the generated header and title). */
export async function onboardingPermissionsMarkdown(): Promise<string> {
    const stack = loadStackConfig(path.join(PACKAGE_ROOT, "Pulumi.private-example.yaml"), DATA_PLANE_PROJECT_FILE);
    const example = await deriveOnboarding(stack, ["arn:aws:iam::111122223333:role/vendor-deployer"]);
    const lines: string[] = [
        "What the vendor's deployer role may and may not do in your account, for the security review of",
        "[onboarding](../onboarding.md). Everything here is generated from the table the deployer's policies are",
        "built from (`engine/onboarding/table.ts`), and from the example customer's onboarding (`Pulumi.private-example.yaml`).",
        "",
        "## The vendor can",
        "",
        "- create, read, update and delete **the plane's** network (VPC, subnets, route tables and routes, internet and NAT gateways, " +
            "an S3 gateway endpoint, a security group), EMR Serverless application and KMS key — only resources that carry the plane's tags " +
            "(`emr-dataplane:customer`, `emr-dataplane:plane`), and only create them with those tags;",
        "- create and configure **the plane's bucket** (named with the plane's prefix, `emr-dataplane-resources-*`): hardening, its bucket policy, lifecycle;",
        "- create, change and delete **the plane's roles** (by exact name) and their inline policies — only while each role carries the " +
            "onboarding permissions boundary, which caps it at what the plane's roles need (read below);",
        "- create EMR Serverless's service-linked role (the first application in the account);",
        "- list (Describe\\*) network resources, as every EC2 Describe action only takes `*`;",
        "- make the look-ups the plane's program makes before it creates anything (below): for a plane that adopts your network, bucket, " +
            "key or role, read **that** resource's settings (never its contents) — each read granted on its exact ARN.",
        "",
        "## The vendor cannot",
        "",
        "- create a role without the boundary, put a policy on a role without it, or remove a boundary from any role (explicit deny);",
        "- attach any managed policy to a role (AdministratorAccess included): the plane attaches none;",
        "- touch any other role, bucket, key, VPC or application of the account: outside the plane's names and tags nothing is granted;",
        "- read your data: no `s3:GetObject`, no `kms:Decrypt` is granted to the deployer (the plane's runtime role reads the plane's bucket, within the boundary);",
        "- change its own role, its own policies or the boundary (explicit deny), nor create users, access keys or policies;",
        "- change a KMS key's policy (`kms:PutKeyPolicy` is withheld; the plane's key policy delegates to the account and never changes);",
        "- delete what the plane retains on destroy (the bucket with the logs, its hardening, the key): their delete calls are not granted.",
        "",
        "## Known limits (read before approving)",
        "",
        "- **Tagging at creation.** Tagging a KMS key or an EMR Serverless application at creation needs `kms:TagResource` / " +
            "`emr-serverless:TagResource` on every key / application of the account (AWS KMS Developer Guide, \"Managing KMS key tags with API " +
            "operations\"); the grant requires the plane's tags in the request, so the deployer could add the plane's tags to another key or " +
            "application, which then counts as the plane's (it could describe or rotate that key, and schedule its deletion only if the plane's own key is not retained; it cannot read with it or change its policy). " +
            "EC2 has no such gap: tag-on-create is tied to the create call (`ec2:CreateAction`).",
        "- **The plane's bucket policy** is the deployer's to write (the plane deploys it): it could grant access to what is in the plane's bucket, " +
            "and nothing else.",
        "- The calls were read from the Terraform AWS provider that `@pulumi/aws` 7 wraps at its v5.46 source; v6-only calls are marked v6. " +
            "A CloudTrail capture of one real `pulumi up`/`refresh`/`destroy` is the way to confirm the list.",
        "",
        "## The boundary",
        "",
        "Every role the deployer creates carries it; it grants nothing itself. For the example customer it allows:",
        "",
        "| Sid | Actions | Resources |",
        "| --- | --- | --- |",
        ...(example.iam.boundary.document.Statement as Statement[]).map((s) => `| ${s.Sid} | ${cell([s.Action ?? []].flat().join(", "))} | ${cell([s.Resource ?? []].flat().join(", "))} |`),
        "",
        "## The example customer's deployer policies",
        "",
        `${example.iam.deployerPolicies.length} managed policies (each under IAM's 6,144 characters), the last one the guard.`,
        "",
        "| Policy | Sid | Effect | Actions | Resources | Condition keys |",
        "| --- | --- | --- | --- | --- | --- |",
    ];
    for (const p of example.iam.deployerPolicies) {
        for (const s of p.document.Statement as Statement[]) {
            const keys = Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c));
            lines.push(`| ${p.name} | ${s.Sid} | ${s.Effect} | ${[s.Action ?? []].flat().length} | ${cell([s.Resource ?? []].flat().join(", "))} | ${cell(keys.join(", ") || "—")} |`);
        }
    }
    lines.push("", "## The table: per resource type, the calls and where they were read", "",
        "Phases: C create, R read (refresh), U update, D delete, T tags. A retained resource is never deleted: its D calls are not granted.", "");
    for (const e of ONBOARDING_TABLE) {
        lines.push(`### \`${e.type}\``, "", `Provider source \`${e.provider}\`; ${e.sar} (Service Authorization Reference).`, "",
            "| Action | Phases | Scoped to | When |", "| --- | --- | --- | --- |");
        for (const u of e.uses) {
            const when = [u.when, u.v6 ? "v6 only (not in the source read)" : "", u.notGranted ? `**not granted**: ${u.notGranted}` : "", u.createAction ? `tag-on-create of ${u.createAction}` : ""].filter(Boolean).join("; ");
            lines.push(`| \`${u.action}\` | ${u.phases.map((p) => PHASE_LETTER[p]).join("")} | ${cell(u.on.map((t) => scopeOf(t.kind, t.tags)).join("; "))} | ${cell(when || "always")} |`);
        }
        lines.push("");
    }
    lines.push("## The look-ups: what the program asks before it creates anything", "",
        "Recorded from the program's provider look-ups (engine/onboarding/lookups.ts); a plane that makes one this table lacks is refused by " +
        "`dataplane onboard`. They run on `pulumi up` and `preview` (C, U).", "",
        "| Look-up | Actions, on the resource it names | Source |", "| --- | --- | --- |");
    for (const e of LOOKUP_TABLE) {
        const sample = e.actions({ token: e.token, inputs: { bucket: "<bucket>", identifier: "<bucket>", typeName: "AWS::S3::Bucket", name: "<role>", userName: "<user>", keyId: "<key>" }, outputs: {} },
            { partition: "aws", region: "<region>", accountId: "<account>" });
        const actions = e.noPermission ? `none: ${e.noPermission}` : [...new Set(sample.map((a) => `\`${a.action}\``))].join(", ");
        lines.push(`| \`${e.token}\` | ${cell(actions)} | ${cell(e.source)} |`);
    }
    lines.push("");
    return lines.join("\n");
}

/**
 * Regenerates the parts of `Pulumi.yaml` and `README.md` that describe the stack config, from
 * `stacks/dataplane/configSchema.ts`. `npm run docs` writes them; `test/docs.spec.ts` fails
 * when they are stale.
 */
import * as fs from "fs";
import * as path from "path";
import { CONFIG_KEYS, ConfigKeySpec } from "../stacks/dataplane/configSchema";
import { componentReferenceMarkdown } from "./componentReference";

const ROOT = path.resolve(__dirname, "..");

function defaultText(spec: ConfigKeySpec): string {
    if (spec.required === "always") return "required";
    if (spec.required) return `required (${spec.required})`;
    if (spec.default === undefined) return "unset";
    return `\`${JSON.stringify(spec.default)}\``;
}

/** The `config:` section of Pulumi.yaml: types and descriptions (defaults live in code, see below). */
export function projectConfigYaml(): string {
    const lines = ["config:"];
    for (const spec of CONFIG_KEYS) {
        const description = `${spec.description.replace(/`/g, "")} Planes: ${spec.planes.join(", ")}. Default: ${defaultText(spec).replace(/`/g, "")}.`;
        lines.push(`  ${spec.key}:`);
        lines.push(`    type: ${spec.type}`);
        if (spec.type === "array") lines.push(`    items:`, `      type: string`);
        if (spec.secret) lines.push(`    secret: true`);
        lines.push(`    description: ${JSON.stringify(description)}`);
    }
    return lines.join("\n") + "\n";
}

export function configReferenceMarkdown(): string {
    const rows = ["| key (`emr-dataplane:`…) | type | planes | default | meaning |", "| --- | --- | --- | --- | --- |"];
    for (const spec of CONFIG_KEYS) {
        rows.push(`| \`${spec.key}\` | ${spec.type}${spec.secret ? " (secret)" : ""} | ${spec.planes.join(", ")} | ${defaultText(spec)} | ${spec.description.replace(/\|/g, "\\|")} |`);
    }
    return rows.join("\n");
}

const PROJECT_HEADER = `# The data-plane Pulumi project. Stacks: Pulumi.<stack>.yaml beside this file.
# The config section below is generated from stacks/dataplane/configSchema.ts (npm run docs);
# defaults are applied by the program, not here, so that "unset" stays distinguishable.
name: emr-dataplane
description: EMR Serverless data plane (shared or private) for a SaaS control plane
runtime:
  name: nodejs
  options:
    typescript: true
main: stacks/dataplane/index.ts
`;

export function projectFile(): string {
    return PROJECT_HEADER + projectConfigYaml();
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceBetween(text: string, name: string, body: string): string {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md has no ${start} … ${end} block`);
    return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

/** The private example's message, from an offline run (secrets masked). */
export async function messageExampleMarkdown(): Promise<string> {
    const { previewStack } = await import("../engine/preview");
    const { revealOrMask } = await import("../engine/run");
    const preview = await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"));
    const message = revealOrMask(preview.outputs.controlPlaneMessage, "[secret]") as Record<string, unknown>;
    const ordered = Object.fromEntries(["resourceBucket", "subnetIds", "securityGroups", "region", "jobRuntimeRoleArn", "jobLaunchArn", "externalId"]
        .filter((k) => k in message).map((k) => [k, message[k]]));
    return ["```json", JSON.stringify(ordered, null, 2), "```"].join("\n");
}

/** The policy pack's rules: name, level, what it looks at, and its description (from policies/policies.ts). */
export async function policyRulesMarkdown(): Promise<string> {
    const { POLICIES } = await import("../policies/policies");
    const rows = ["| rule | level | checks | what must hold | how to fix |", "| --- | --- | --- | --- | --- |"];
    for (const p of POLICIES) {
        const scope = "validateStack" in p ? "the stack" : "kinds" in p ? `${p.kinds.join(", ")} documents` : p.types.map((t) => `\`${t.split(":").pop()}\``).join(", ");
        rows.push(`| \`${p.name}\`${p.configSchema ? " ⚙" : ""} | ${p.enforcementLevel} | ${scope} | ${p.description.replace(/\|/g, "\\|")} | ${(p.remediationSteps ?? "").replace(/\|/g, "\\|")} |`);
    }
    return rows.join("\n");
}

/** Which @pulumi/aws types that carry a policy, ACL or rule the pack checks, and why the others are not (policies/coverage.ts). */
export async function policyCoverageMarkdown(): Promise<string> {
    const { CHECKED, NOT_CHECKED } = await import("../policies/coverage");
    const rows = ["| checked type | what the pack reads |", "| --- | --- |", ...Object.entries(CHECKED).map(([t, what]) => `| \`${t}\` | ${what} |`)];
    const reasons = new Map<string, string[]>();
    for (const [t, why] of Object.entries(NOT_CHECKED)) reasons.set(why, [...(reasons.get(why) ?? []), t]);
    rows.push("", "| not checked | why |", "| --- | --- |");
    for (const [why, types] of reasons) rows.push(`| ${types.length > 6 ? `${types.length} types: ${types.map((t) => `\`${t.split(":").pop()}\``).join(", ")}` : types.map((t) => `\`${t}\``).join(", ")} | ${why} |`);
    return rows.join("\n");
}

export const GENERATED_BLOCKS: Record<string, () => string | Promise<string>> = {
    "config-reference": configReferenceMarkdown,
    "message-example": messageExampleMarkdown,
    "component-reference": () => componentReferenceMarkdown(path.join(ROOT, "components")),
    "policy-rules": policyRulesMarkdown,
    "policy-coverage": policyCoverageMarkdown,
};

export async function renderReadme(current: string): Promise<string> {
    let text = current;
    for (const [name, render] of Object.entries(GENERATED_BLOCKS)) text = replaceBetween(text, name, await render());
    return text;
}

if (require.main === module) {
    (async () => {
        fs.writeFileSync(path.join(ROOT, "Pulumi.yaml"), projectFile());
        const readme = path.join(ROOT, "README.md");
        fs.writeFileSync(readme, await renderReadme(fs.readFileSync(readme, "utf8")));
        console.log("wrote Pulumi.yaml and the generated blocks of README.md");
    })().catch((err) => {
        console.error(err);
        process.exitCode = 1;
    });
}

/**
 * Regenerates the parts of the four Pulumi projects' `Pulumi.yaml` files and of `README.md` that
 * describe their stack config, from each project's key table (`stacks/configTable.ts`), and the
 * README's other generated blocks. `npm run docs` writes them; `test/docs.spec.ts` fails when
 * they are stale.
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigKey, ConfigTable, defaultOf } from "../stacks/configTable";
import { CONTROL_PLANE_CONFIG } from "../stacks/controlplane/config";
import { DATA_PLANE_CONFIG } from "../stacks/dataplane/configSchema";
import { DATA_SOURCE_CONFIG } from "../stacks/datasource/configSchema";
import { LAUNCHER_CONFIG } from "../stacks/guardedLaunch/config";
import { componentReferenceMarkdown } from "./componentReference";
import { GENERATED_SCHEMA, GENERATED_VALIDATOR, messageValidatorSource } from "./messageValidator";
import { controlPlaneMessageSchemaJson } from "../message/schema";
import { cliReferenceMarkdown, exampleDiagramMarkdown } from "./cliDocs";
import { GENERATED_PARTITIONS, partitionsSource } from "./partitions";

const ROOT = path.resolve(__dirname, "..");

/** One Pulumi project: its key table, its `Pulumi.yaml` (relative to the package root) and the lines above `config:`. */
export interface ProjectDoc {
    table: ConfigTable;
    file: string;
    /** The README block holding its config table. */
    block: string;
    /** Comment lines (without `# `), then the project's name, description and main. */
    comment: string[];
    description: string;
    main: string;
}

const GENERATED = "The config section below is generated from the key table in";

export const PROJECTS: ProjectDoc[] = [
    {
        table: DATA_PLANE_CONFIG, file: "Pulumi.yaml", block: "config-reference",
        comment: ["The data-plane Pulumi project. Stacks: Pulumi.<stack>.yaml beside this file.", `${GENERATED} stacks/dataplane/configSchema.ts`,
            "(npm run docs); defaults are applied by the program and the components, not here, so that \"unset\" stays distinguishable."],
        description: "EMR Serverless data plane (shared or private) for a SaaS control plane", main: "stacks/dataplane/index.ts",
    },
    {
        table: CONTROL_PLANE_CONFIG, file: "stacks/controlplane/Pulumi.yaml", block: "config-reference-controlplane",
        comment: ["The control-plane Pulumi project: reads the data planes' stacks (StackReference) and exports", "the registry of planes the control plane launches jobs into. Stacks: Pulumi.<stack>.yaml here.",
            `${GENERATED} stacks/controlplane/config.ts (npm run docs).`],
        description: "Registry of EMR Serverless data planes, read from their stacks' controlPlaneMessage", main: "index.ts",
    },
    {
        table: DATA_SOURCE_CONFIG, file: "stacks/datasource/Pulumi.yaml", block: "config-reference-datasource",
        comment: ["The data-source project: cross-account data access through an S3 access point, both sides.", "Stacks: Pulumi.<stack>.yaml beside this file; `side: owner` in the data owner's account,",
            "`side: consumer` in the data plane's account.", `${GENERATED} stacks/datasource/configSchema.ts`, "(npm run docs); defaults are applied by the program and the components."],
        description: "Cross-account data access for EMR Serverless data planes through an S3 access point (owner and consumer sides)", main: "index.ts",
    },
    {
        table: LAUNCHER_CONFIG, file: "stacks/guardedLaunch/Pulumi.yaml", block: "config-reference-launcher",
        comment: ["Example guarded launch (emr-serverless-dataplane): launch profiles and configurations in SSM", "Parameter Store, one Step Functions launcher per profile+configuration pair, on a data plane",
            "deployed by the data-plane project (take its values from its controlPlaneMessage output).", `${GENERATED} stacks/guardedLaunch/config.ts (npm run docs).`],
        description: "Guarded EMR Serverless launchers on a data plane", main: "index.ts",
    },
];

function appliesTo(table: ConfigTable, spec: ConfigKey): string {
    return spec.variants ? spec.variants.map(table.variant!.noun).join(" or ") : "";
}

function defaultText(table: ConfigTable, spec: ConfigKey): string {
    if (spec.required === true) return "required";
    if (spec.required) return `required (${table.variant!.noun(spec.required)})`;
    const value = defaultOf(table, spec);
    return value === undefined ? "unset" : `\`${JSON.stringify(value)}\``;
}

/** The `config:` section of a project's Pulumi.yaml: types and descriptions (defaults live in code). */
export function projectConfigYaml(table: ConfigTable): string {
    const lines = ["config:"];
    for (const spec of table.keys) {
        const only = spec.variants ? ` Only for ${appliesTo(table, spec)}.` : "";
        const text = defaultText(table, spec);
        const settled = spec.required === true ? "Required." : spec.required ? `Required for ${table.variant!.noun(spec.required)}.` : `Default: ${text}.`;
        const description = `${spec.description}${only} ${settled}`.replace(/`/g, "");
        lines.push(`  ${spec.key}:`);
        lines.push(`    type: ${spec.type}`);
        if (spec.type === "array") lines.push(`    items:`, `      type: string`);
        if (spec.secret) lines.push(`    secret: true`);
        lines.push(`    description: ${JSON.stringify(description)}`);
    }
    return lines.join("\n") + "\n";
}

/** A project's whole Pulumi.yaml. */
export function projectFile(project: ProjectDoc): string {
    const runtime = ["runtime:", "  name: nodejs", "  options:", "    typescript: true"];
    return [...project.comment.map((l) => `# ${l}`), `name: ${project.table.project}`, `description: ${project.description}`, ...runtime, `main: ${project.main}`, ""].join("\n") +
        projectConfigYaml(project.table);
}

/** A project's README config table. */
export function configReferenceMarkdown(table: ConfigTable): string {
    const variants = table.variant !== undefined;
    const head = [`key (\`${table.project}:\`…)`, "type", ...(variants ? ["applies to"] : []), "default", "meaning"];
    const rows = [`| ${head.join(" | ")} |`, `|${head.map(() => " --- |").join("")}`];
    for (const spec of table.keys) {
        const cells = [`\`${spec.key}\``, `${spec.type}${spec.secret ? " (secret)" : ""}`, ...(variants ? [appliesTo(table, spec) || "all"] : []),
            defaultText(table, spec), spec.description.replace(/\|/g, "\\|")];
        rows.push(`| ${cells.join(" | ")} |`);
    }
    return rows.join("\n");
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
    const { previewStack } = await import("../engine/preview/preview");
    const { revealOrMask } = await import("../engine/offline/run");
    const preview = await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"));
    const message = revealOrMask(preview.outputs.controlPlaneMessage, "[secret]") as Record<string, unknown>;
    const ordered = Object.fromEntries(["resourceBucket", "subnetIds", "securityGroups", "region", "jobRuntimeRoleArn", "jobLaunchArn", "externalId"]
        .filter((k) => k in message).map((k) => [k, message[k]]));
    return ["```json", JSON.stringify(ordered, null, 2), "```"].join("\n");
}

/** The policy pack's rules: name, level, what it looks at, and its description (from policies/rules/). */
export async function policyRulesMarkdown(): Promise<string> {
    const { POLICIES } = await import("../policies/pack");
    const rows = ["| rule | level | checks | what must hold | how to fix |", "| --- | --- | --- | --- | --- |"];
    for (const p of POLICIES) {
        const scope = "validateStack" in p ? "the stack" : "kinds" in p ? `${p.kinds.join(", ")} documents` : p.types.map((t) => `\`${t.split(":").pop()}\``).join(", ");
        rows.push(`| \`${p.name}\`${p.configSchema ? " ⚙" : ""} | ${p.enforcementLevel} | ${scope} | ${p.description.replace(/\|/g, "\\|")} | ${(p.remediationSteps ?? "").replace(/\|/g, "\\|")} |`);
    }
    return rows.join("\n");
}

/** What each opt-in part replaces on an adopted bucket (from components/adoptedBucket.ts). */
export async function adoptedBucketPartsMarkdown(): Promise<string> {
    const { ADOPTED_PART_EFFECT } = await import("../components/adoptedBucket");
    const rows = ["| part (`adoptedBucketManagedParts`) | when opted in |", "| --- | --- |"];
    for (const [part, effect] of Object.entries(ADOPTED_PART_EFFECT)) rows.push(`| \`${part}\` | ${effect} |`);
    return rows.join("\n");
}

/** Which @pulumi/aws types that carry a policy, ACL or rule the pack checks, and why the others are not (policies/model/coverage.ts). */
export async function policyCoverageMarkdown(): Promise<string> {
    const { CHECKED, NOT_CHECKED } = await import("../policies/pack");
    const rows = ["| checked type | what the pack reads |", "| --- | --- |", ...Object.entries(CHECKED).map(([t, what]) => `| \`${t}\` | ${what} |`)];
    const reasons = new Map<string, string[]>();
    for (const [t, why] of Object.entries(NOT_CHECKED)) reasons.set(why, [...(reasons.get(why) ?? []), t]);
    rows.push("", "| not checked | why |", "| --- | --- |");
    for (const [why, types] of reasons) rows.push(`| ${types.length > 6 ? `${types.length} types: ${types.map((t) => `\`${t.split(":").pop()}\``).join(", ")}` : types.map((t) => `\`${t}\``).join(", ")} | ${why} |`);
    return rows.join("\n");
}

/** The price table (vocabulary/prices.ts): every price the idle cost and the docs quote. */
export async function priceTableMarkdown(): Promise<string> {
    const { PRICE_LIST, PRICE_SOURCE } = await import("../vocabulary/prices");
    const rows = ["| what | list price | while idle | page |", "| --- | --- | --- | --- |", ...PRICE_LIST.map((p) => `| ${p.item} | ${p.price} | ${p.idle} | ${p.page} |`)];
    return [...rows, "", `${PRICE_SOURCE}.`].join("\n");
}

export const GENERATED_BLOCKS: Record<string, () => string | Promise<string>> = {
    "price-table": priceTableMarkdown,
    "adopted-bucket-parts": adoptedBucketPartsMarkdown,
    ...Object.fromEntries(PROJECTS.map((p) => [p.block, () => configReferenceMarkdown(p.table)])),
    "message-example": messageExampleMarkdown,
    "component-reference": componentReferenceMarkdown,
    "policy-rules": policyRulesMarkdown,
    "launcher-calls": async () => (await import("../launcher/iamRequests")).launcherCallsMarkdown(),
    "diagram-private-example": () => exampleDiagramMarkdown("Pulumi.private-example.yaml"),
    "diagram-shared-example": () => exampleDiagramMarkdown("Pulumi.shared-example.yaml"),
    "cli-reference": cliReferenceMarkdown,
    "policy-coverage": policyCoverageMarkdown,
};

export async function renderReadme(current: string): Promise<string> {
    let text = current;
    for (const [name, render] of Object.entries(GENERATED_BLOCKS)) text = replaceBetween(text, name, await render());
    return text;
}

if (require.main === module) {
    (async () => {
        for (const project of PROJECTS) fs.writeFileSync(path.join(ROOT, project.file), projectFile(project));
        fs.writeFileSync(GENERATED_SCHEMA, controlPlaneMessageSchemaJson());
        fs.writeFileSync(GENERATED_VALIDATOR, messageValidatorSource());
        fs.writeFileSync(GENERATED_PARTITIONS, partitionsSource());
        const readme = path.join(ROOT, "README.md");
        fs.writeFileSync(readme, await renderReadme(fs.readFileSync(readme, "utf8")));
        console.log(`wrote ${PROJECTS.map((p) => p.file).join(", ")} and the generated blocks of README.md`);
    })().catch((err) => {
        console.error(err);
        process.exitCode = 1;
    });
}

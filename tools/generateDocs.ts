/**
 * Regenerates what the docs and the four Pulumi projects' `Pulumi.yaml` files say about the code:
 * each project's `config:` section from its key table (`stacks/configTable.ts`), the whole generated
 * references under `docs/reference/` (config, components, command line, policy rules, the example
 * planes), and the few generated blocks inside hand-written pages. `npm run docs` writes them;
 * `test/docs.spec.ts` fails when one is stale.
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigTable } from "../stacks/configTable";
import { appliesTo, defaultText, projectConfigYaml } from "../stacks/projectFile";
import { CONTROL_PLANE_CONFIG } from "../stacks/controlplane/config";
import { DATA_PLANE_CONFIG } from "../stacks/dataplane/configSchema";
import { DATA_SOURCE_CONFIG } from "../stacks/datasource/configSchema";
import { LAUNCHER_CONFIG } from "../stacks/guardedLaunch/config";
import { componentReferenceMarkdown } from "./componentReference";
import { GENERATED_SCHEMA, GENERATED_VALIDATOR, messageValidatorSource } from "./messageValidator";
import { controlPlaneMessageSchemaJson } from "../message/schema";
import { cliReferenceMarkdown, exampleDiagramMarkdown } from "./cliDocs";
import { GENERATED_PARTITIONS, partitionsSource } from "./partitions";
import { headingAnchors } from "./markdownLinks";

const ROOT = path.resolve(__dirname, "..");

/** One Pulumi project: its key table, its `Pulumi.yaml` (relative to the package root) and the lines above `config:`. */
export interface ProjectDoc {
    table: ConfigTable;
    file: string;
    /** Its section's heading in the configuration reference. */
    title: string;
    /** Comment lines (without `# `), then the project's name, description and main. */
    comment: string[];
    description: string;
    main: string;
}

const GENERATED = "The config section below is generated from the key table in";

export const PROJECTS: ProjectDoc[] = [
    {
        table: DATA_PLANE_CONFIG, file: "Pulumi.yaml", title: "Data plane (`Pulumi.yaml`, `emr-dataplane:`)",
        comment: ["The data-plane Pulumi project. Stacks: Pulumi.<stack>.yaml beside this file.", `${GENERATED} stacks/dataplane/configSchema.ts`,
            "(npm run docs); defaults are applied by the program and the components, not here, so that \"unset\" stays distinguishable."],
        description: "EMR Serverless data plane (shared or private) for a SaaS control plane", main: "stacks/dataplane/index.ts",
    },
    {
        table: CONTROL_PLANE_CONFIG, file: "stacks/controlplane/Pulumi.yaml", title: "Control plane (`stacks/controlplane/Pulumi.yaml`, `emr-controlplane:`)",
        comment: ["The control-plane Pulumi project: reads the data planes' stacks (StackReference) and exports", "the registry of planes the control plane launches jobs into. Stacks: Pulumi.<stack>.yaml here.",
            `${GENERATED} stacks/controlplane/config.ts (npm run docs).`],
        description: "Registry of EMR Serverless data planes, read from their stacks' controlPlaneMessage", main: "index.ts",
    },
    {
        table: DATA_SOURCE_CONFIG, file: "stacks/datasource/Pulumi.yaml", title: "Data source (`stacks/datasource/Pulumi.yaml`, `emr-datasource:`)",
        comment: ["The data-source project: cross-account data access through an S3 access point, both sides.", "Stacks: Pulumi.<stack>.yaml beside this file; `side: owner` in the data owner's account,",
            "`side: consumer` in the data plane's account.", `${GENERATED} stacks/datasource/configSchema.ts`, "(npm run docs); defaults are applied by the program and the components."],
        description: "Cross-account data access for EMR Serverless data planes through an S3 access point (owner and consumer sides)", main: "index.ts",
    },
    {
        table: LAUNCHER_CONFIG, file: "stacks/guardedLaunch/Pulumi.yaml", title: "Guarded launch example (`stacks/guardedLaunch/Pulumi.yaml`, `emr-launcher:`)",
        comment: ["Example guarded launch (emr-serverless-dataplane): launch profiles and configurations in SSM", "Parameter Store, one Step Functions launcher per profile+configuration pair, on a data plane",
            "deployed by the data-plane project (take its values from its controlPlaneMessage output).", `${GENERATED} stacks/guardedLaunch/config.ts (npm run docs).`],
        description: "Guarded EMR Serverless launchers on a data plane", main: "index.ts",
    },
];

/** A project's whole Pulumi.yaml. */
export async function projectFile(project: ProjectDoc): Promise<string> {
    const runtime = ["runtime:", "  name: nodejs", "  options:", "    typescript: true"];
    return [...project.comment.map((l) => `# ${l}`), `name: ${project.table.project}`, `description: ${project.description}`, ...runtime, `main: ${project.main}`, ""].join("\n") +
        await projectConfigYaml(project.table);
}

/** A project's table in the configuration reference. */
export async function configReferenceMarkdown(table: ConfigTable): Promise<string> {
    const variants = table.variant !== undefined;
    const head = [`key (\`${table.project}:\`…)`, "type", ...(variants ? ["applies to"] : []), "default", "meaning"];
    const rows = [`| ${head.join(" | ")} |`, `|${head.map(() => " --- |").join("")}`];
    for (const spec of table.keys) {
        const cells = [`\`${spec.key}\``, `${spec.type}${spec.secret ? " (secret)" : ""}`, ...(variants ? [appliesTo(table, spec) || "all"] : []),
            await defaultText(table, spec), spec.description.replace(/\|/g, "\\|")];
        rows.push(`| ${cells.join(" | ")} |`);
    }
    return rows.join("\n");
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` of `file`. */
export function replaceBetween(text: string, name: string, body: string, file = "README.md"): string {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`${file} has no ${start} … ${end} block`);
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
    const { ALSO_READ, CHECKED, CHECKED_NATIVE, NOT_CHECKED } = await import("../policies/pack");
    const rows = ["| checked type | what the pack reads |", "| --- | --- |", ...Object.entries({ ...CHECKED, ...CHECKED_NATIVE }).map(([t, what]) => `| \`${t}\` | ${what} |`)];
    const reasons = new Map<string, string[]>();
    for (const [t, why] of Object.entries(NOT_CHECKED)) reasons.set(why, [...(reasons.get(why) ?? []), t]);
    rows.push("", "| also read (no policy, but what rules judge) | what for |", "| --- | --- |", ...Object.entries(ALSO_READ).map(([t, what]) => `| \`${t}\` | ${what} |`));
    rows.push("", "| not checked | why |", "| --- | --- |");
    for (const [why, types] of reasons) rows.push(`| ${types.length > 6 ? `${types.length} types: ${types.map((t) => `\`${t.split(":").pop()}\``).join(", ")}` : types.map((t) => `\`${t}\``).join(", ")} | ${why} |`);
    return rows.join("\n");
}

/** Every key a world file may hold, from its schema (engine/offline/worldSchema.ts). */
export async function worldFileKeysMarkdown(): Promise<string> {
    const { WORLD_FILE } = await import("../engine/offline/worldSchema");
    const { shapeRows } = await import("../files/shape");
    const rows = ["| key | what it must be |", "| --- | --- |"];
    for (const r of shapeRows(WORLD_FILE)) rows.push(`| \`${r.path}\`${r.required ? " (required)" : ""} | ${r.describe.replace(/\|/g, "\\|")} |`);
    return rows.join("\n");
}

/** The price table (vocabulary/prices.ts): every price the idle cost and the docs quote. */
export async function priceTableMarkdown(): Promise<string> {
    const { PRICE_LIST, PRICE_SOURCE } = await import("../vocabulary/prices");
    const rows = ["| what | list price | while idle | page |", "| --- | --- | --- | --- |", ...PRICE_LIST.map((p) => `| ${p.item} | ${p.price} | ${p.idle} | ${p.page} |`)];
    return [...rows, "", `${PRICE_SOURCE}.`].join("\n");
}

/** The hand-written pages (docs/*.md, the README): where a generated reference's `#anchor` may point. */
function handWrittenPages(): string[] {
    const docs = path.join(ROOT, "docs");
    return ["README.md", ...fs.readdirSync(docs).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

/**
 * Points each same-page `](#anchor)` of a generated file at the page whose heading has that anchor
 * (a config key's description says "see [Internet egress](#internet-egress)" wherever it is shown).
 * An anchor of the file itself, or one no page has, is left as it is (the link test names it).
 */
export function resolveAnchors(text: string, file: string): string {
    const own = new Set(headingAnchors(text));
    const pages = handWrittenPages().map((page) => ({ page, anchors: new Set(headingAnchors(fs.readFileSync(path.join(ROOT, page), "utf8"))) }));
    return text.replace(/\]\(#([^)\s]+)\)/g, (whole, anchor: string) => {
        if (own.has(anchor)) return whole;
        const holder = pages.find((p) => p.anchors.has(anchor));
        return holder ? `](${path.relative(path.dirname(path.join(ROOT, file)), path.join(ROOT, holder.page)).split(path.sep).join("/")}#${anchor})` : whole;
    });
}

/** The first line of every generated file: what made it, so nobody edits it by hand. */
export function generatedHeader(source: string): string {
    return `<!-- Generated by \`npm run docs\` (tools/generateDocs.ts) from ${source}. Do not edit by hand: edit the source, then run npm run docs. -->`;
}

/** A generated reference: a whole file under docs/reference/, its source, and its body. */
export interface GeneratedFile {
    file: string;
    source: string;
    title: string;
    render: () => string | Promise<string>;
}

/** The configuration reference: each project's key table. */
async function configReference(): Promise<string> {
    const sections: string[] = [];
    for (const p of PROJECTS) sections.push(`## ${p.title}`, "", await configReferenceMarkdown(p.table), "");
    return ["Every stack config key of the four Pulumi projects, with its type, where it applies, its default and its meaning.",
        "How keys are set and checked: [Configuration](../configuration.md).", "", ...sections].join("\n").trimEnd();
}

/** The two example planes, drawn and priced. */
async function examplePlanes(): Promise<string> {
    return ["Each example plane as `dataplane preview --diagram plane.mmd` draws it, with its idle cost",
        "([Egress and cost](../egress-and-cost.md) explains both).", "",
        "## Private example (`Pulumi.private-example.yaml`)", "", await exampleDiagramMarkdown("Pulumi.private-example.yaml"), "",
        "## Shared example (`Pulumi.shared-example.yaml`)", "",
        "The shared example adopts its network and bucket: only the roles and the security group are drawn; the adopted",
        "subnets are look-ups, not resources of the plan.", "", await exampleDiagramMarkdown("Pulumi.shared-example.yaml")].join("\n");
}

/** The policy pack's rules and the types it reads. */
async function policyReference(): Promise<string> {
    return ["Every rule of the policy pack and every `@pulumi/aws` type that carries a policy, an ACL or a rule;",
        "[Policy pack](../policy-pack.md) says how to run it, set levels and settings, and add a rule.", "",
        "## Rules", "", "⚙: the rule reads [settings](../policy-pack.md#levels-and-settings).", "", await policyRulesMarkdown(), "",
        "## Coverage", "", await policyCoverageMarkdown()].join("\n");
}

export const GENERATED_FILES: GeneratedFile[] = [
    { file: "docs/reference/config.md", title: "Configuration reference", render: configReference,
        source: "the key tables (stacks/dataplane/configSchema.ts, stacks/controlplane/config.ts, stacks/datasource/configSchema.ts, stacks/guardedLaunch/config.ts)" },
    { file: "docs/reference/components.md", title: "Component reference", render: () => componentReferenceMarkdown("../../"),
        source: "the package schema (the components' Args and outputs)" },
    { file: "docs/reference/cli.md", title: "Command-line reference", render: cliReferenceMarkdown,
        source: "the commands' declarations in cli/ (what each --help prints)" },
    { file: "docs/reference/policies.md", title: "Policy rules and coverage", render: policyReference,
        source: "the rule list (policies/rules/index.ts) and policies/model/coverage.ts" },
    { file: "docs/reference/example-planes.md", title: "The example planes", render: examplePlanes,
        source: "the offline previews of Pulumi.private-example.yaml and Pulumi.shared-example.yaml" },
    { file: "docs/reference/onboarding-permissions.md", title: "Onboarding: what the vendor can and cannot do in your account",
        render: async () => (await import("../engine/onboarding/summary")).onboardingPermissionsMarkdown(),
        source: "the onboarding table (engine/onboarding/table.ts) and the example customer's onboarding" },
];

/** A generated file's whole text. */
export async function renderGeneratedFile(g: GeneratedFile): Promise<string> {
    const body = resolveAnchors(await g.render(), g.file);
    return [generatedHeader(g.source), "", `# ${g.title}`, "", body.trimEnd(), ""].join("\n");
}

/** A generated block inside a hand-written page: the page, the block's name, its body. */
export interface GeneratedBlock {
    file: string;
    name: string;
    render: () => string | Promise<string>;
}

/** Short tables that read best inside the prose that explains them. */
export const GENERATED_BLOCKS: GeneratedBlock[] = [
    { file: "docs/egress-and-cost.md", name: "price-table", render: priceTableMarkdown },
    { file: "docs/adoption.md", name: "adopted-bucket-parts", render: adoptedBucketPartsMarkdown },
    { file: "docs/command-line.md", name: "world-file-keys", render: worldFileKeysMarkdown },
    { file: "docs/control-plane.md", name: "message-example", render: messageExampleMarkdown },
    { file: "docs/control-plane.md", name: "launcher-calls", render: async () => (await import("../launcher/iamRequests")).launcherCallsMarkdown() },
];

/** A hand-written page with its generated blocks brought up to date. */
export async function renderBlocks(file: string, current: string): Promise<string> {
    let text = current;
    for (const block of GENERATED_BLOCKS.filter((b) => b.file === file)) text = replaceBetween(text, block.name, await block.render(), file);
    return text;
}

/**
 * Writes `text` to `file` unless it holds it already: a file left as it was keeps its modification
 * time, so generating the docs after a build (as CI does) leaves dist/ current (bin/freshness.js
 * compares times) and npm test does not build again. Returns whether it wrote.
 */
export function writeIfChanged(file: string, text: string): boolean {
    let current: string | undefined;
    try {
        current = fs.readFileSync(file, "utf8");
    } catch {
        current = undefined;
    }
    if (current === text) return false;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return true;
}

if (require.main === module) {
    (async () => {
        const written: string[] = [];
        const write = (file: string, text: string) => writeIfChanged(file, text) && written.push(path.relative(ROOT, file));
        for (const project of PROJECTS) write(path.join(ROOT, project.file), await projectFile(project));
        write(GENERATED_SCHEMA, controlPlaneMessageSchemaJson());
        write(GENERATED_VALIDATOR, messageValidatorSource());
        write(GENERATED_PARTITIONS, partitionsSource());
        for (const g of GENERATED_FILES) write(path.join(ROOT, g.file), await renderGeneratedFile(g));
        for (const file of new Set(GENERATED_BLOCKS.map((b) => b.file))) {
            const full = path.join(ROOT, file);
            write(full, await renderBlocks(file, fs.readFileSync(full, "utf8")));
        }
        const all = [...PROJECTS.map((p) => p.file), ...GENERATED_FILES.map((g) => g.file)];
        console.log(`generated ${all.join(", ")} and the generated blocks of ${[...new Set(GENERATED_BLOCKS.map((b) => b.file))].join(", ")}: ` +
            (written.length ? `wrote ${written.join(", ")}` : "all were current"));
    })().catch((err) => {
        console.error(err);
        process.exitCode = 1;
    });
}

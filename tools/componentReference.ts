/**
 * Renders the component reference (docs/reference/components.md) from the package schema: the one Pulumi's analyzer
 * derives from the components' `Args` interfaces and outputs (their JSDoc), which is also what
 * `pulumi package add` generates Python, Go, .NET and YAML SDKs from. One source for every
 * language's reference, like terraform-aws-modules' generated Inputs/Outputs tables.
 */
import * as fs from "fs";
import * as path from "path";
import { sharedComponentProvider } from "../provider";

interface Property { description?: string; plain?: boolean; type?: string; $ref?: string; items?: Property; additionalProperties?: Property }
interface Resource { description?: string; inputProperties: Record<string, Property>; requiredInputs: string[]; properties: Record<string, Property>; required: string[] }
interface TypeSpec { type: string; description?: string; properties?: Record<string, Property>; required?: string[]; enum?: { name: string; value: string; description?: string }[] }
export interface PackageSchema { name: string; resources: Record<string, Resource>; types: Record<string, TypeSpec> }

const ROOT = path.resolve(__dirname, "..");

/** JSDoc text on one line, `{@link X}` as code. */
function text(doc: string | undefined): string {
    return (doc ?? "").replace(/\{@link ([^}]+)\}/g, "`$1`").replace(/\s+/g, " ").trim();
}

function cell(s: string): string {
    return s.replace(/\|/g, "\\|");
}

/** A schema type as users of every language read it: `string`, `string[]`, `map<string>`, a named type. */
export function typeName(p: Property): string {
    if (p.$ref) return p.$ref === "pulumi.json#/Any" ? "any" : p.$ref.split(":").pop()!;
    if (p.type === "array") return `${typeName(p.items ?? {})}[]`;
    if (p.type === "object") return `map<${typeName(p.additionalProperties ?? {})}>`;
    return p.type ?? "?";
}

/** The source file that declares `class <name>` under components/. */
function sourceOf(name: string): string {
    const dir = path.join(ROOT, "components");
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join("/")).filter((f) => f.endsWith(".ts")).sort();
    const file = files.find((f) => new RegExp(`^export class ${name}\\b`, "m").test(fs.readFileSync(path.join(dir, f), "utf8")));
    return file ? `components/${file}` : "components/";
}

function inputRows(props: Record<string, Property>, required: string[]): string[] {
    const rows = ["| input | type | required | description |", "| --- | --- | --- | --- |"];
    for (const [name, p] of Object.entries(props)) {
        const type = p.plain ? typeName(p) : `Input<${typeName(p)}>`;
        rows.push(`| \`${name}\` | \`${cell(type)}\` | ${required.includes(name) ? "yes" : "no"} | ${cell(text(p.description))} |`);
    }
    return rows;
}

/** `root` is the path from the reference's folder to the package root, for links to the sources. */
export function componentReferenceFromSchema(schema: PackageSchema, root = ""): string {
    const parts: string[] = [
        "`Input<T>`: a plain value or an Output (another resource's, a StackReference's, a secret). Every other language sees the same",
        `names and types (\`pulumi package add\`: [other Pulumi languages](${root}docs/components.md#python-go-net-java-and-yaml)).`, "",
    ];
    for (const [token, r] of Object.entries(schema.resources).sort(([a], [b]) => a.localeCompare(b))) {
        const name = token.split(":").pop()!;
        const file = sourceOf(name);
        parts.push(`## ${name}`, "", `\`${token}\` — [${file}](${root}${file}). ${text(r.description)}`, "");
        parts.push(...inputRows(r.inputProperties, r.requiredInputs), "");
        parts.push("| output | type | description |", "| --- | --- | --- |");
        for (const [out, p] of Object.entries(r.properties)) {
            const type = `${typeName(p)}${r.required.includes(out) ? "" : " (optional)"}`;
            parts.push(`| \`${out}\` | \`${cell(type)}\` | ${cell(text(p.description))} |`);
        }
        parts.push("");
    }
    parts.push("## Types", "");
    for (const [token, t] of Object.entries(schema.types).sort(([a], [b]) => a.localeCompare(b))) {
        const name = token.split(":").pop()!;
        if (t.enum) {
            parts.push(`- **${name}** (enum): ${t.enum.map((e) => `\`${e.value}\`${e.description ? ` (${text(e.description)})` : ""}`).join(", ")}.`);
        } else {
            const fields = Object.entries(t.properties ?? {}).map(([f, p]) =>
                `\`${f}\`${(t.required ?? []).includes(f) ? "" : "?"}: \`${typeName(p)}\`${p.description ? ` — ${text(p.description)}` : ""}`);
            parts.push(`- **${name}**: ${fields.join("; ")}.`);
        }
    }
    return parts.join("\n").trimEnd();
}

// The analyzer is synchronous CPU work (a TypeScript program over the package, seconds) unless its
// analysis of these sources is kept (provider/analysisCache.ts): started when this module loads, so
// whoever renders the reference (npm run docs, the docs spec) waits for it at load time rather
// than inside a timed step.
const schema = sharedComponentProvider().schema;

/** The reference for the package's own components (analysed once per change of the sources); `root` as for componentReferenceFromSchema. */
export async function componentReferenceMarkdown(root = ""): Promise<string> {
    return componentReferenceFromSchema(JSON.parse(await schema), root);
}

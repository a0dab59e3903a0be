/**
 * Renders the README's component reference from the sources: for every exported class in
 * each `.ts` file under `components/` (subfolders too) that extends `pulumi.ComponentResource`, its doc comment, its `<Name>Args`
 * inputs (name, type, required, doc) and its public readonly outputs — like terraform-aws-modules'
 * generated Inputs/Outputs tables, so the README cannot drift from the code.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

interface Field { name: string; type: string; required: boolean; doc: string }
interface ComponentDoc { name: string; token: string; file: string; doc: string; inputs: Field[]; outputs: Field[] }

function docOf(node: ts.Node, source: ts.SourceFile): string {
    const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
    const block = ranges.map((r) => source.text.slice(r.pos, r.end)).filter((t) => t.startsWith("/**")).pop();
    if (!block) return "";
    return block.replace(/^\/\*\*|\*\/$/g, "").split("\n").map((l) => l.replace(/^\s*\* ?/, "").trim()).join(" ").replace(/\s+/g, " ").replace(/\{@link ([^}]+)\}/g, "`$1`").trim();
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function componentDocs(dir: string): ComponentDoc[] {
    const docs: ComponentDoc[] = [];
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join("/")).filter((f) => f.endsWith(".ts")).sort();
    for (const file of files) {
        const source = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.ES2022, true);
        const interfaces = new Map<string, ts.InterfaceDeclaration>();
        source.forEachChild((n) => {
            if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
        });
        source.forEachChild((n) => {
            if (!ts.isClassDeclaration(n) || !n.name) return;
            const heritage = n.heritageClauses?.flatMap((h) => h.types.map((t) => t.expression.getText(source))) ?? [];
            if (!heritage.some((h) => h.endsWith("ComponentResource"))) return;
            const ctor = n.members.find(ts.isConstructorDeclaration);
            const superCall = ctor?.body?.statements.map((s) => s.getText(source)).find((s) => s.startsWith("super("));
            const token = /super\("([^"]+)"/.exec(superCall ?? "")?.[1] ?? "";
            const args = interfaces.get(`${n.name.text}Args`);
            const members: ts.PropertySignature[] = [];
            for (const m of args?.members ?? []) if (ts.isPropertySignature(m)) members.push(m);
            const inputs: Field[] = members.map((m) => ({
                name: m.name.getText(source), type: m.type?.getText(source).replace(/\s+/g, " ") ?? "", required: !m.questionToken, doc: docOf(m, source),
            }));
            const outputs: Field[] = n.members.filter(ts.isPropertyDeclaration).filter((m) =>
                m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PublicKeyword) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword),
            ).map((m) => ({ name: m.name.getText(source), type: m.type?.getText(source).replace(/\s+/g, " ") ?? "", required: true, doc: docOf(m, source) }));
            docs.push({ name: n.name.text, token, file: `components/${file}`, doc: docOf(n, source), inputs, outputs });
        });
    }
    return docs;
}

export function componentReferenceMarkdown(dir: string): string {
    const parts: string[] = [];
    for (const c of componentDocs(dir)) {
        parts.push(`### ${c.name}`, "", `\`${c.token}\` — [${c.file}](${c.file}). ${c.doc}`, "");
        if (c.inputs.length) {
            parts.push(`| input | type | required | description |`, "| --- | --- | --- | --- |");
            for (const f of c.inputs) parts.push(`| \`${f.name}\` | \`${cell(f.type)}\` | ${f.required ? "yes" : "no"} | ${cell(f.doc)} |`);
            parts.push("");
        }
        if (c.outputs.length) {
            parts.push(`| output | type | description |`, "| --- | --- | --- |");
            for (const f of c.outputs) parts.push(`| \`${f.name}\` | \`${cell(f.type)}\` | ${cell(f.doc)} |`);
            parts.push("");
        }
    }
    return parts.join("\n").trimEnd();
}

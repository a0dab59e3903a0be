/** Text rendering of an offline run: the resource tree and a JSON block. */
import { RegisteredResource } from "../engine/run";

const TYPE_WIDTH = 60;

/** The resources as an indented tree (children under their parent, registration order kept). */
export function resourceTree(resources: RegisteredResource[]): string[] {
    const children = new Map<string | undefined, RegisteredResource[]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const lines: string[] = [];
    const walk = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            const mark = r.op === "read" ? ">" : "+";
            const notes = [
                r.op === "read" ? "read" : "",
                r.retainOnDelete ? "retained on destroy" : "",
                r.protect ? "protected" : "",
            ].filter(Boolean);
            const left = `${"  ".repeat(depth)}${mark} ${r.type}`;
            lines.push(`${left.padEnd(TYPE_WIDTH)} ${r.name}${notes.length ? `  (${notes.join(", ")})` : ""}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(undefined, 0);
    return lines;
}

export function countByOp(resources: RegisteredResource[]): string {
    const created = resources.filter((r) => r.op === "register").length;
    const read = resources.length - created;
    return `${created} to create${read ? `, ${read} to read` : ""}`;
}

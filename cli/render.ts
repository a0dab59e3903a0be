/** Text rendering of an offline run: the resource tree and aligned tables. */
import { RegisteredResource } from "../engine/offline/run";

/** The resources as an indented tree (children under their parent, registration order kept), names in one column after the widest type. */
export function resourceTree(resources: RegisteredResource[]): string[] {
    const children = new Map<string | undefined, RegisteredResource[]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const rows: [string, string][] = [];
    const walk = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            const mark = r.op === "read" ? ">" : "+";
            const notes = [
                r.op === "read" ? "read" : "",
                r.retainOnDelete ? "retained on destroy" : "",
                r.protect ? "protected" : "",
            ].filter(Boolean);
            rows.push([`${"  ".repeat(depth)}${mark} ${r.type}`, `${r.name}${notes.length ? `  (${notes.join(", ")})` : ""}`]);
            walk(r.urn, depth + 1);
        }
    };
    walk(undefined, 0);
    return table(rows, "  ").map((l) => l.trimEnd());
}

/** Rows as columns padded to the widest cell of each column (the last column unpadded). */
export function table(rows: string[][], gap = "  "): string[] {
    const widths: number[] = [];
    for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, [...cell].length); });
    return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat(widths[i] - [...cell].length))).join(gap));
}

export function countByOp(resources: RegisteredResource[]): string {
    const created = resources.filter((r) => r.op === "register").length;
    const read = resources.length - created;
    return `${created} to create${read ? `, ${read} to read` : ""}`;
}

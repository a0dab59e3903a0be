/**
 * Reading raw stack config (`pulumi.runtime.allConfig()`: `namespace:key → string`, lists as JSON)
 * by a project's declared key types. Shared by the projects under `stacks/`; every error names the
 * full config key.
 */
import { ValidationError } from "../components/validation";

export type ConfigType = "string" | "boolean" | "integer" | "array";

/** Parses a raw config string by the key's declared type (Pulumi passes lists and objects as JSON). */
export function parseConfigValue(key: string, type: ConfigType, text: string): unknown {
    switch (type) {
        case "string":
            return text;
        case "boolean":
            if (text === "true" || text === "false") return text === "true";
            throw new ValidationError(key, `must be true or false, got ${JSON.stringify(text)}`);
        case "integer":
            if (/^-?\d+$/.test(text)) return Number(text);
            throw new ValidationError(key, `must be a whole number, got ${JSON.stringify(text)}`);
        case "array": {
            let parsed: unknown;
            try {
                parsed = JSON.parse(text);
            } catch {
                throw new ValidationError(key, `must be a list (in YAML, or as JSON with \`pulumi config set --path\`), got ${JSON.stringify(text)}`);
            }
            if (!Array.isArray(parsed)) throw new ValidationError(key, `must be a list, got ${text}`);
            return parsed;
        }
    }
}

/** Refuses keys in `project`'s namespace that are not in `keys`, suggesting the nearest known key. */
export function rejectUnknownKeys(raw: Record<string, string>, project: string, keys: readonly string[]): void {
    const known = new Set(keys.map((k) => `${project}:${k}`));
    for (const key of Object.keys(raw)) {
        if (!key.startsWith(`${project}:`) || known.has(key)) continue;
        const bare = key.slice(project.length + 1).toLowerCase();
        const near = keys.find((k) => k.toLowerCase() === bare || editDistance(k.toLowerCase(), bare) <= 2);
        throw new ValidationError(key, `is not a config key of this project${near ? ` (did you mean ${project}:${near}?)` : ""}`);
    }
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

/**
 * Values the rules may meet in a resource's properties that are not the value itself: the
 * engine's "unknown until apply" sentinels (a preview) and secrets a file does not reveal
 * (`"[secret]"` in preview JSON, ciphertext in a stack export).
 */

/** The engine's sentinels for values not known until apply (Pulumi's `UnknownStringValue`, …). */
export const UNKNOWN_SENTINELS = {
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    bool: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

const UNKNOWN = new Set<unknown>(Object.values(UNKNOWN_SENTINELS));

/**
 * How a secret the input file does not reveal is handed to the rules: `pulumi preview --json`
 * and `dataplane preview --json` print secrets this way, and a stack export's ciphertext is
 * turned into it when the file is read.
 */
export const MASKED_SECRET = "[secret]";

export function isUnknown(value: unknown): boolean {
    return UNKNOWN.has(value);
}

/** What keeps a value from being read: "unknown" (until apply) or "secret" (masked), else undefined. */
export function unreadable(value: unknown): "unknown" | "secret" | undefined {
    if (isUnknown(value)) return "unknown";
    if (value === MASKED_SECRET) return "secret";
    if (Array.isArray(value)) {
        for (const v of value) {
            const r = unreadable(v);
            if (r) return r;
        }
    } else if (value && typeof value === "object") {
        for (const v of Object.values(value)) {
            const r = unreadable(v);
            if (r) return r;
        }
    }
    return undefined;
}

/** A string value, or undefined when absent, unknown, masked or not a string. */
export function knownString(value: unknown): string | undefined {
    return typeof value === "string" && !isUnknown(value) && value !== MASKED_SECRET ? value : undefined;
}

/**
 * The plain properties behind `@pulumi/policy`'s unknown-checking proxy. The rules look at unknown
 * values themselves (to skip one document instead of the whole rule), so they read the target.
 */
export function plainProps(props: Record<string, unknown>): Record<string, unknown> {
    const target = (props as Record<string, unknown>)["__getSpecialProxyTarget"];
    return (target && typeof target === "object" ? target : props) as Record<string, unknown>;
}

export function asArray<T>(value: T | T[] | undefined | null): T[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

/** An error message on one line (JSON.parse quotes the input, newlines included). */
export function oneLine(message: string): string {
    return message.replace(/\s*\n\s*/g, " ");
}

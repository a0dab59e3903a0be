/**
 * What the offline engine records of a registration, and how secrets look inside it. Shared by the
 * recording engine (`run.ts`), the AWS-like mocks and the stack-file readers; imports nothing.
 */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value the program marked secret, as it appears in recorded inputs and outputs. */
export interface SecretValue { [SECRET_SIG_KEY]: typeof SECRET_SIG; value: unknown }

export function isSecretValue(v: unknown): v is SecretValue {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Replaces secret values by `mask` (or by their plain value when `mask` is undefined). */
export function revealOrMask(value: unknown, mask?: string): unknown {
    if (isSecretValue(value)) return mask === undefined ? revealOrMask(value.value) : mask;
    if (Array.isArray(value)) return value.map((v) => revealOrMask(v, mask));
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealOrMask(v, mask)]));
    }
    return value;
}

export interface RegisteredResource {
    urn: string;
    type: string;
    name: string;
    /** URN of the parent; undefined only for the stack itself. */
    parent?: string;
    custom: boolean;
    /** "register" for resources the program manages, "read" for `get`/StackReference reads. */
    op: "register" | "read";
    id?: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    retainOnDelete: boolean;
    protect: boolean;
    dependencies: string[];
}

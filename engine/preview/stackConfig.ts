/**
 * Loads a stack config file (`Pulumi.<stack>.yaml`, any path) and its project's `Pulumi.yaml`
 * into the raw config map Pulumi hands a program: `namespace:key → string`, lists and objects as
 * JSON, project defaults applied, bare keys put in the project's namespace. Encrypted values
 * cannot be decrypted offline: they become a placeholder and a warning.
 */
import { readYaml } from "../../files/read";
import { shown } from "../../vocabulary/printable";
import * as path from "path";
import { UserError } from "../../vocabulary/userError";

export class StackConfigError extends UserError {
    constructor(public readonly file: string, problem: string) {
        super(`${file}: ${problem}`);
    }
}

export interface StackConfig {
    project: string;
    stack: string;
    config: Record<string, string>;
    secretKeys: string[];
    warnings: string[];
}

/** The value used for an encrypted (`secure:`) config value, which only the Pulumi CLI can decrypt. */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-preview-placeholder";

export function stackNameOf(file: string): string {
    const m = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file));
    if (!m) throw new StackConfigError(file, `is not a stack config file: its name must be Pulumi.<stack>.yaml`);
    return m[1];
}

/**
 * A stack file or a `Pulumi.yaml`, read by the package's one reader (files/read.ts): encoding,
 * size, nesting, aliases and keys written twice checked, errors as {@link StackConfigError}s.
 */
export function readProjectYaml(file: string): unknown {
    return readYaml(file, { error: (shown, problem) => new StackConfigError(shown, problem) });
}

function asText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Loads `stackFile` as a stack of the project whose `Pulumi.yaml` is `projectFile`. */
export function loadStackConfig(stackFile: string, projectFile: string): StackConfig {
    const stack = stackNameOf(stackFile);
    const project = readProjectYaml(projectFile) as { name?: string; config?: Record<string, unknown> } | undefined;
    if (!project || typeof project.name !== "string") throw new StackConfigError(projectFile, "has no project name");
    const doc = readProjectYaml(stackFile) as { config?: Record<string, unknown> } | null | undefined;
    if (doc !== null && doc !== undefined && (typeof doc !== "object" || Array.isArray(doc))) {
        throw new StackConfigError(stackFile, "must be a YAML mapping with a `config:` section");
    }
    const raw = doc?.config ?? {};
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new StackConfigError(stackFile, "`config:` must be a mapping of keys to values");
    if (project.config !== undefined && project.config !== null && (typeof project.config !== "object" || Array.isArray(project.config))) {
        throw new StackConfigError(projectFile, "`config:` must be a mapping of keys to their declarations");
    }

    const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const warnings: string[] = [];

    // Project-level values and defaults first; the stack file wins.
    for (const [key, decl] of Object.entries(project.config ?? {})) {
        if (decl && typeof decl === "object" && !Array.isArray(decl)) {
            const d = decl as { default?: unknown; value?: unknown };
            if (d.value !== undefined) config[qualify(key)] = asText(d.value);
            else if (d.default !== undefined) config[qualify(key)] = asText(d.default);
        } else if (decl !== undefined) {
            config[qualify(key)] = asText(decl);
        }
    }
    const written = new Map<string, string>();
    for (const [key, value] of Object.entries(raw)) {
        const full = qualify(key);
        // `customerId` and `emr-dataplane:customerId` are one key: written both ways, one would silently win.
        const other = written.get(full);
        if (other !== undefined) throw new StackConfigError(stackFile, `config keys ${shown(other)} and ${shown(key)} both set ${full}; keep one of them`);
        written.set(full, key);
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            config[full] = OFFLINE_SECRET_PLACEHOLDER;
            secretKeys.push(full);
            warnings.push(`${full} is encrypted; only the Pulumi CLI can decrypt it, so the offline preview used a placeholder`);
        } else if (value === null || value === undefined) {
            throw new StackConfigError(stackFile, `config key ${full} has no value`);
        } else {
            config[full] = asText(value);
        }
    }
    return { project: project.name, stack, config, secretKeys, warnings };
}

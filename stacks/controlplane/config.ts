/**
 * Reads and validates the control-plane stack config: which data-plane stacks to read. Pure: it
 * takes the raw config map (`pulumi.runtime.allConfig()`), so a bad value is reported, naming its
 * key, before the program reads any stack.
 */
import * as v from "../../components/validation";

export const PROJECT = "emr-controlplane";

/** A fully qualified Pulumi stack name, as `StackReference` takes it. */
const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Every config key of the project (Pulumi.yaml's `config:` section says the same). */
export const CONTROL_PLANE_KEYS = {
    dataPlanes: "The data-plane stacks to read, as fully qualified names `org/project/stack`: at least one, no repeats.",
} as const;

export interface ControlPlaneConfig {
    /** Fully qualified data-plane stack names, in config order. */
    dataPlanes: string[];
}

export const fullKey = (key: keyof typeof CONTROL_PLANE_KEYS) => `${PROJECT}:${key}`;

/** Reads the control-plane config from a raw `namespace:key → string` map. Throws a ValidationError naming the key. */
export function readControlPlaneConfig(raw: Record<string, string>): ControlPlaneConfig {
    for (const key of Object.keys(raw)) {
        if (key.startsWith(`${PROJECT}:`) && !(key.slice(PROJECT.length + 1) in CONTROL_PLANE_KEYS)) {
            throw new v.ValidationError(key, `is not a config key of the control plane (keys: ${Object.keys(CONTROL_PLANE_KEYS).join(", ")})`);
        }
    }
    const key = fullKey("dataPlanes");
    const text = raw[key];
    if (text === undefined) throw new v.ValidationError(key, `is required: ${CONTROL_PLANE_KEYS.dataPlanes}`);
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new v.ValidationError(key, `must be a list of stack names, got ${JSON.stringify(text)}`);
    }
    const dataPlanes = v.stringList(key, parsed, (field, name) => {
        const s = v.requireString(field, name);
        if (!STACK_NAME.test(s)) throw new v.ValidationError(field, `must be a fully qualified stack name org/project/stack, got ${JSON.stringify(s)}`);
        return s;
    }, { min: 1 });
    return { dataPlanes };
}

/**
 * The control-plane project's key table and reader: which data-plane stacks to read. Pure: it
 * takes the raw config map (`pulumi.runtime.allConfig()`), so a bad value is reported, naming its
 * key, before the program reads any stack. No component is fed: every check here is the stack's own.
 */
import * as v from "../../components/validation";
import { ConfigTable, readConfig } from "../configTable";

export const PROJECT = "emr-controlplane";

/** A fully qualified Pulumi stack name, as `StackReference` takes it. */
const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** The control-plane project's key table (it feeds no component). */
export const CONTROL_PLANE_CONFIG: ConfigTable<Record<never, object>> = {
    project: PROJECT,
    keys: [
        { key: "dataPlanes", type: "array", required: true,
            description: "The data-plane stacks to read, as fully qualified names `org/project/stack`: at least one, no repeats." },
    ],
};

export interface ControlPlaneConfig {
    /** Fully qualified data-plane stack names, in config order. */
    dataPlanes: string[];
}

export const fullKey = (key: string) => `${PROJECT}:${key}`;

/** Reads the control-plane config from a raw `namespace:key → string` map. Throws a ValidationError naming the key. */
export function readControlPlaneConfig(raw: Record<string, string>): ControlPlaneConfig {
    const c = readConfig(CONTROL_PLANE_CONFIG, raw);
    const dataPlanes = v.stringList(fullKey("dataPlanes"), c.values.dataPlanes, (field, name) => {
        const s = v.requireString(field, name);
        if (!STACK_NAME.test(s)) throw new v.ValidationError(field, `must be a fully qualified stack name org/project/stack, got ${JSON.stringify(s)}`);
        return s;
    }, { min: 1 });
    return { dataPlanes };
}

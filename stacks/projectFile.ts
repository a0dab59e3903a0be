/**
 * What a Pulumi project's `Pulumi.yaml` says about its config, from the project's key table
 * (./configTable.ts): the typed `config:` section. `npm run docs` writes it into the four projects'
 * files; `dataplane init` writes it into a new plane project.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigKey, ConfigTable, defaultOf } from "./configTable";

/** The variants a key applies to, in words (`a private plane`), or "" for all. */
export function appliesTo(table: ConfigTable, spec: ConfigKey): string {
    return spec.variants ? spec.variants.map(table.variant!.noun).join(" or ") : "";
}

/**
 * A key's default as the docs state it. A component's default for a list it checks is an Output
 * (`readOnlyBuckets: []`): its value, not the Output's description.
 */
export async function defaultText(table: ConfigTable, spec: ConfigKey): Promise<string> {
    if (spec.required === true) return "required";
    if (spec.required) return `required (${table.variant!.noun(spec.required)})`;
    const given = defaultOf(table, spec);
    const value = pulumi.Output.isInstance(given) ? await new Promise((resolve) => given.apply((v) => { resolve(v); return v; })) : given;
    return value === undefined ? "unset" : `\`${JSON.stringify(value)}\``;
}

/** The `config:` section of a project's Pulumi.yaml: types and descriptions (defaults live in code). */
export async function projectConfigYaml(table: ConfigTable): Promise<string> {
    const lines = ["config:"];
    for (const spec of table.keys) {
        const only = spec.variants ? ` Only for ${appliesTo(table, spec)}.` : "";
        const text = await defaultText(table, spec);
        const settled = spec.required === true ? "Required." : spec.required ? `Required for ${table.variant!.noun(spec.required)}.` : `Default: ${text}.`;
        const description = `${spec.description}${only} ${settled}`.replace(/`/g, "");
        lines.push(`  ${spec.key}:`);
        // Pulumi's typed project config has no object type: a list of mappings is declared without one.
        if (spec.type !== "objects") lines.push(`    type: ${spec.type}`);
        if (spec.type === "array") lines.push(`    items:`, `      type: string`);
        if (spec.secret) lines.push(`    secret: true`);
        lines.push(`    description: ${JSON.stringify(description)}`);
    }
    return lines.join("\n") + "\n";
}

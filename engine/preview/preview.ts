/**
 * The offline preview of a stack: a stack config file (`Pulumi.<stack>.yaml`) in, the registered
 * resources and the stack outputs out. The project is the `Pulumi.yaml` beside the stack file
 * (the data-plane project when there is none), and its `main` is the program that runs. The world
 * is seeded from the config so adopted subnets, endpoints and buckets "exist" as it describes them.
 */
import * as fs from "fs";
import * as path from "path";
import { ValidationError } from "../../components/validation";
import { refuseMisspeltRegion } from "../../stacks/configTable";
import { PACKAGE_ROOT } from "../paths";
import { OfflineRunResult, runOffline } from "../offline/run";
import { StackConfig, StackConfigError, loadStackConfig, readProjectYaml } from "./stackConfig";
import { registerTypeScript } from "./typescript";
import { readJsonOrYaml, shownFile } from "../../files/read";
import { kindOf } from "../../files/shape";
import { readWorldDocument } from "../offline/worldSchema";
import { DEFAULT_ACCOUNT_ID, World, WorldStack, WorldSubnet, WorldVpcEndpoint } from "../offline/world";

/** The data-plane project's `Pulumi.yaml`. */
export const DATA_PLANE_PROJECT_FILE = path.join(PACKAGE_ROOT, "Pulumi.yaml");

/** A stack in a world file: its outputs, or `preview:` a stack file whose offline preview gives them. */
export type WorldStackSource = WorldStack | { preview: string };

/** What a world file may say: any part of {@link World}. */
export type WorldOverrides = Partial<Omit<World, "subnets" | "vpcEndpoints" | "stacks">> & {
    subnets?: Record<string, WorldSubnet>;
    vpcEndpoints?: Record<string, WorldVpcEndpoint>;
    stacks?: Record<string, WorldStackSource>;
};

export interface StackPreview extends OfflineRunResult<unknown> {
    stackConfig: StackConfig;
    world: World;
    /** The project file the stack belongs to. */
    projectFile: string;
}

/** The project of a stack file: the Pulumi.yaml beside it, else the data-plane project. */
export function projectFileFor(stackFile: string): string {
    const beside = path.join(path.dirname(path.resolve(stackFile)), "Pulumi.yaml");
    return fs.existsSync(beside) ? beside : DATA_PLANE_PROJECT_FILE;
}

/**
 * The program of a project: its `main` (a file, or a folder's index.ts). Both ways of writing a
 * Pulumi program run, as the Pulumi CLI runs them: a module that exports a function (called on
 * each run), and a program in the usual top-level style (resources created as the module loads,
 * its exports the stack outputs), which is loaded inside the run — afresh on every run, so it can
 * run more than once in a process. From compiled code, our own projects run their compiled twins.
 */
export function loadProgram(projectFile: string): () => Promise<unknown> {
    const given = ((readProjectYaml(projectFile) ?? {}) as { main?: unknown }).main;
    if (given !== undefined && typeof given !== "string") throw new StackConfigError(projectFile, `main must be the path of the program, got ${kindOf(given)}`);
    let main = path.resolve(path.dirname(projectFile), typeof given === "string" ? given : ".");
    if (fs.existsSync(main) && fs.statSync(main).isDirectory()) main = path.join(main, "index.ts");
    const compiled = __filename.endsWith(".js") && __filename.startsWith(path.join(PACKAGE_ROOT, "dist") + path.sep);
    // Running from dist/, our own projects run their compiled twins (an installed package has no sources).
    const twin = path.join(PACKAGE_ROOT, "dist", path.relative(PACKAGE_ROOT, main)).replace(/\.ts$/, ".js");
    if (compiled && main.endsWith(".ts") && main.startsWith(PACKAGE_ROOT + path.sep) && fs.existsSync(twin)) main = twin;
    if (!fs.existsSync(main)) throw new StackConfigError(projectFile, `its program ${main} does not exist`);
    // Any other TypeScript program (a user's project, a test fixture) is loaded as the Pulumi CLI loads it (./typescript.ts).
    if (compiled && main.endsWith(".ts")) registerTypeScript(path.dirname(projectFile));
    if (!main.startsWith(PACKAGE_ROOT + path.sep)) checkSameSdk(projectFile, main);
    const file = main;
    return async () => {
        const known = TOP_LEVEL.has(file);
        if (known) delete require.cache[require.resolve(file)];
        let exported;
        try {
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            exported = require(file);
        } catch (err) {
            // A package the program itself imports, not installed for it: bad input, said in one line.
            const e = err as NodeJS.ErrnoException & { requireStack?: string[] };
            const missing = e.code === "MODULE_NOT_FOUND" && e.requireStack?.[0] === file ? /Cannot find module '([^']+)'/.exec(e.message)?.[1] : undefined;
            if (missing && !missing.startsWith(".")) throw new StackConfigError(projectFile, `its program ${file} imports ${missing}, which is not installed for it: run npm install in ${path.dirname(projectFile)}`);
            throw err;
        }
        const program = typeof exported === "function" ? exported : typeof exported?.default === "function" ? exported.default : undefined;
        if (program) return program();
        // Top-level style: the resources were registered while the module loaded, in this run.
        TOP_LEVEL.add(file);
        const outputs = { ...exported };
        delete outputs.__esModule;
        return outputs;
    };
}

/**
 * A program of another project must register its resources with the Pulumi SDK this command runs
 * (the offline engine is that SDK's mock runtime): its `@pulumi/pulumi` must resolve to the same
 * copy. Said in one line when it does not, instead of a stack trace or a hang.
 */
function checkSameSdk(projectFile: string, main: string): void {
    const dir = path.dirname(main);
    let theirs: string;
    try {
        theirs = require.resolve("@pulumi/pulumi", { paths: [dir] });
    } catch {
        throw new StackConfigError(projectFile, `its program ${main} cannot find @pulumi/pulumi: run npm install in ${path.dirname(projectFile)}`);
    }
    const ours = require.resolve("@pulumi/pulumi");
    if (fs.realpathSync(theirs) !== fs.realpathSync(ours)) {
        throw new StackConfigError(projectFile, `its program loads @pulumi/pulumi from ${path.dirname(theirs)}, but this dataplane command runs ${path.dirname(ours)}: ` +
            `run the dataplane command installed with that project (npx dataplane from ${path.dirname(projectFile)})`);
    }
}

const programs = new Map<string, { mtimeMs: number; program: () => Promise<unknown> }>();

/** {@link loadProgram}, once per project file (while it is unchanged): a fleet runs one program a thousand times. */
function programOf(projectFile: string): () => Promise<unknown> {
    const mtimeMs = fs.statSync(projectFile).mtimeMs;
    const known = programs.get(projectFile);
    if (known && known.mtimeMs === mtimeMs) return known.program;
    const program = loadProgram(projectFile);
    programs.set(projectFile, { mtimeMs, program });
    return program;
}

/** Programs in the top-level style seen so far: loaded afresh on each run. */
const TOP_LEVEL = new Set<string>();

/**
 * Reads a world file (YAML, or JSON by its extension) through the package's one reader
 * (files/read.ts) and checks it against the world file's schema (engine/offline/worldSchema.ts):
 * every problem is a {@link StackConfigError} naming the file and the key path. A stack given as
 * `preview:` is resolved against the world file's folder.
 */
export function loadWorldFile(file: string): WorldOverrides {
    const doc = readJsonOrYaml(file, { error: (shown, problem) => new StackConfigError(shown, problem) });
    const read = readWorldDocument(doc);
    if ("problem" in read) throw new StackConfigError(shownFile(file), read.problem);
    const world = read.world as WorldOverrides;
    if (world.stacks) {
        world.stacks = Object.fromEntries(Object.entries(world.stacks).map(([name, source]) =>
            [name, "preview" in source ? { preview: path.resolve(path.dirname(file), source.preview) } : source]));
    }
    return world;
}

/** The world's stacks, running the offline preview of each one given as `preview:` (outputs with secrets kept). */
async function resolveStacks(stacks: Record<string, WorldStackSource> | undefined, running: string[]): Promise<Record<string, WorldStack> | undefined> {
    if (!stacks) return undefined;
    const out: Record<string, WorldStack> = {};
    for (const [name, source] of Object.entries(stacks)) {
        if (!("preview" in source)) {
            out[name] = source;
            continue;
        }
        if (running.includes(source.preview)) throw new StackConfigError(source.preview, `the offline world's stack ${name} previews a stack that is already being previewed`);
        const preview = await previewStack(source.preview, { running });
        out[name] = { outputs: preview.outputs };
    }
    return out;
}

/**
 * The world a stack's config implies, with `overrides` on top: the account is `<project>:accountId`,
 * adopted subnets and S3 endpoint are `<project>:subnetIds`, `:vpcId` and `:s3EndpointId`.
 */
export function worldFor(config: Record<string, string>, overrides: WorldOverrides = {}, project = "emr-dataplane"): World {
    const region = overrides.region ?? config["aws:region"];
    if (region === undefined) refuseMisspeltRegion(config);
    if (region === undefined) throw new ValidationError("aws:region", "is required for the offline preview (set it in the stack config file)");
    const list = (key: string): string[] => {
        try {
            const parsed = JSON.parse(config[key] ?? "[]");
            return Array.isArray(parsed) ? parsed.map(String) : [];
        } catch {
            return [];
        }
    };
    const subnets: Record<string, WorldSubnet> = {};
    for (const id of list(`${project}:subnetIds`)) subnets[id] = {};
    const vpcEndpoints: Record<string, WorldVpcEndpoint> = {};
    const endpoint = config[`${project}:s3EndpointId`];
    if (endpoint) vpcEndpoints[endpoint] = {};
    return {
        accountId: overrides.accountId ?? config[`${project}:accountId`] ?? DEFAULT_ACCOUNT_ID,
        region,
        defaultVpcId: overrides.defaultVpcId ?? config[`${project}:vpcId`],
        subnets: { ...subnets, ...overrides.subnets },
        vpcEndpoints: { ...vpcEndpoints, ...overrides.vpcEndpoints },
        buckets: overrides.buckets,
        bucketSettings: overrides.bucketSettings,
        roles: overrides.roles,
        users: overrides.users,
        stacks: overrides.stacks as Record<string, WorldStack> | undefined,
    };
}

/** Runs the program of `stackFile`'s project offline. Rejects with a ValidationError/StackConfigError on bad input. */
export async function previewStack(stackFile: string, opts: { world?: WorldOverrides; projectFile?: string; running?: string[] } = {}): Promise<StackPreview> {
    const projectFile = opts.projectFile ?? projectFileFor(stackFile);
    return previewStackConfig(loadStackConfig(stackFile, projectFile), opts.world, projectFile, [...(opts.running ?? []), path.resolve(stackFile)]);
}

/**
 * Runs a project's program offline for an already-loaded stack config. The world's stacks given
 * as `preview:` are previewed first (one run at a time: the mock runtime is process-global).
 */
export async function previewStackConfig(stackConfig: StackConfig, worldOverrides?: WorldOverrides, projectFile = DATA_PLANE_PROJECT_FILE,
    running: string[] = []): Promise<StackPreview> {
    const stacks = await resolveStacks(worldOverrides?.stacks, running);
    const program = programOf(projectFile);
    const world = worldFor(stackConfig.config, { ...worldOverrides, stacks }, stackConfig.project);
    const result = await runOffline(program, {
        project: stackConfig.project,
        stack: stackConfig.stack,
        config: stackConfig.config,
        secretKeys: stackConfig.secretKeys,
        world,
    });
    return { ...result, stackConfig, world, projectFile };
}

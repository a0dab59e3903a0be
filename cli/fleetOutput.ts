/**
 * What `dataplane fleet … --out DIR` writes (and a plane's entry in `--json`): each plane's preview document
 * (`DIR/planes/<stack>.json`) and, for the control-plane program, a world file listing every
 * plane's outputs (`DIR/controlplane/world.yaml`) with a control-plane stack that reads them all
 * (`DIR/controlplane/Pulumi.fleet.yaml`, beside a `Pulumi.yaml` pointing at the program), so that
 *
 *     dataplane preview --config DIR/controlplane/Pulumi.fleet.yaml --world DIR/controlplane/world.yaml
 *
 * previews the control plane over the whole fleet.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { PACKAGE_ROOT } from "../engine/paths";
import { SECRET_SIG, SECRET_SIG_KEY, revealOrMask } from "../engine/recorded";
import { readProjectYaml } from "../engine/preview/stackConfig";
import type { PlaneResult } from "../engine/fleet/preview";
import { elementText } from "./jsonReport";

const CONTROL_PLANE_PROJECT = path.join(PACKAGE_ROOT, "stacks", "controlplane", "Pulumi.yaml");

export class FleetOutput {
    private readonly stacks: Record<string, { outputs: Record<string, unknown> }> = {};
    private readonly regions: Record<string, string> = {};

    constructor(public readonly dir: string, private readonly org: string, private readonly project: string) {
        fs.mkdirSync(path.join(dir, "planes"), { recursive: true });
    }

    /**
     * Writes one plane's document now (nothing is kept but its outputs, for the world file): the
     * document itself, or the text {@link planeDocumentText} made of it (in a worker thread).
     */
    plane(stack: string, region: string, document: unknown, outputs: Record<string, unknown>): void {
        fs.writeFileSync(path.join(this.dir, "planes", `${stack}.json`), typeof document === "string" ? document : planeDocumentText(document));
        this.stacks[`${this.org}/${this.project}/${stack}`] = { outputs };
        this.regions[stack] = region;
    }

    /** Writes the control-plane world file, stack file and project file (planes in `order`, the list's). Returns the world file's path. */
    finish(order: string[] = []): string {
        // Positions looked up once each (an indexOf per comparison made 10,000 planes' sort quadratic).
        const positions = new Map(order.map((stack, i) => [stack, i]));
        const rank = (name: string) => positions.get(name.split("/").pop()!) ?? order.length;
        const names = Object.keys(this.stacks).sort((a, b) => rank(a) - rank(b));
        // The first plane of the list, not the first to finish: the same list writes the same files at any --concurrency.
        const region = names.length > 0 ? this.regions[names[0].split("/").pop()!] : "us-east-1";
        const stacks = Object.fromEntries(names.map((n) => [n, this.stacks[n]]));
        const dir = path.join(this.dir, "controlplane");
        fs.mkdirSync(dir, { recursive: true });
        const world = path.join(dir, "world.yaml");
        const header = "# Written by dataplane fleet: every plane's outputs, as a StackReference reads them (secrets marked).\n";
        fs.writeFileSync(world, header + yaml.dump({ region, stacks }, { lineWidth: -1, noRefs: true }));
        const planes = names;
        fs.writeFileSync(path.join(dir, "Pulumi.fleet.yaml"), "# Written by dataplane fleet: a control-plane stack reading every plane of the fleet.\n" +
            yaml.dump({ config: { "aws:region": region, "emr-controlplane:dataPlanes": planes } }, { lineWidth: -1 }));
        const project = readProjectYaml(CONTROL_PLANE_PROJECT) as Record<string, unknown>;
        project.main = path.resolve(path.dirname(CONTROL_PLANE_PROJECT), String(project.main ?? "."));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "# Written by dataplane fleet: the control-plane project, its program where this package is installed.\n" + yaml.dump(project, { lineWidth: -1 }));
        return world;
    }
}

/** A plane's entry in `--json`'s `planes` (secret outputs shown as `mask`, or revealed when it is undefined). */
export function planeEntryText(p: PlaneResult, mask: string | undefined): string {
    return elementText({ customerId: p.customerId, stack: p.stack, resources: p.resources, outputs: revealOrMask(p.outputs, mask), violations: p.violations, idleCost: p.idleCost, ...(p.packSettings ? { packSettings: p.packSettings } : {}), ...(p.error ? { error: p.error } : {}) });
}

/** A plane's document as `--out` writes it. */
export function planeDocumentText(document: unknown): string {
    return JSON.stringify(document, null, 2) + "\n";
}

/** Automation API outputs (`{ value, secret }`) as stack outputs with secrets marked the way a world file marks them. */
export function markSecrets(outputs: Record<string, { value: unknown; secret: boolean }>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.secret ? { [SECRET_SIG_KEY]: SECRET_SIG, value: o.value } : o.value]));
}

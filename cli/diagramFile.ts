/** `--diagram <file>`: the plane's picture, in the format its extension names. */
import * as fs from "fs";
import * as path from "path";
import { buildDiagram, toDot, toMermaid, toSvg } from "../engine/reports/diagram";
import { RegisteredResource } from "../engine/offline/run";
import { UsageError } from "./args";

export const DIAGRAM_FORMATS = [".mmd", ".svg", ".dot"] as const;

/** Refuses an extension we cannot draw before anything runs. */
export function checkDiagramFile(file: string | undefined, command: string): void {
    if (file === undefined) return;
    const ext = path.extname(file).toLowerCase();
    if (!(DIAGRAM_FORMATS as readonly string[]).includes(ext)) {
        throw new UsageError(`${command}: --diagram must end in ${DIAGRAM_FORMATS.join(", ")} (Mermaid text, SVG or Graphviz DOT), got ${JSON.stringify(file)}`);
    }
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir)) throw new UsageError(`${command}: --diagram ${file}: the folder ${dir} does not exist`);
}

export async function writeDiagram(file: string, title: string, resources: RegisteredResource[]): Promise<void> {
    const diagram = buildDiagram(title, resources);
    const ext = path.extname(file).toLowerCase();
    const body = ext === ".svg" ? await toSvg(diagram) : ext === ".dot" ? toDot(diagram) : toMermaid(diagram);
    fs.writeFileSync(file, body);
}

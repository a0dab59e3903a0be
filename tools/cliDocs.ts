/**
 * Generated docs about the command line (`npm run docs`): each example plane's diagram (Mermaid,
 * which GitHub renders) with its idle cost, and the help of every command (docs/reference/cli.md).
 */
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** A ```mermaid block of the example's diagram and its idle-cost line, from its offline preview. */
export async function exampleDiagramMarkdown(stackFile: string): Promise<string> {
    const { previewStack } = await import("../engine/preview/preview");
    const { buildDiagram, toMermaid } = await import("../engine/reports/diagram");
    const { idleCost, idleCostLine } = await import("../engine/reports/idleCost");
    const preview = await previewStack(path.join(ROOT, stackFile));
    const title = `${preview.stackConfig.project}/${preview.stackConfig.stack}`;
    return ["```mermaid", toMermaid(buildDiagram(title, preview.resources)).trimEnd(), "```", "",
        `Idle cost of \`${stackFile}\`: ${idleCostLine(idleCost(preview.resources))}.`].join("\n");
}

/** Every command's `--help`, as the command prints it. */
export async function cliReferenceMarkdown(): Promise<string> {
    const { COMMANDS, main } = await import("../cli/main");
    const paths: string[][] = [[]];
    const walk = (specs: typeof COMMANDS, prefix: string[]) => {
        for (const s of specs) {
            paths.push([...prefix, s.name]);
            if (s.subcommands) walk(s.subcommands, [...prefix, s.name]);
        }
    };
    walk(COMMANDS, []);
    const blocks: string[] = [];
    for (const p of paths) {
        const lines: string[] = [];
        await main([...p, "--help"], (l) => lines.push(l), (l) => lines.push(l));
        blocks.push(`## \`dataplane${p.length ? ` ${p.join(" ")}` : ""}\``, "", "```", lines.join("\n").replace(/[ \t]+$/gm, "").trimEnd(), "```", "");
    }
    return blocks.join("\n").trimEnd();
}

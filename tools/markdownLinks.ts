/**
 * What GitHub makes of a Markdown file's headings and links: the anchors its headings get and the
 * relative links it holds. `npm run docs` uses it to point a generated reference's `#anchor` at the
 * hand-written page that has the heading; test/docs.spec.ts uses it to check every link and anchor.
 */

/**
 * GitHub's anchor for a heading's text (github-slugger): lower case, every character that is not a
 * letter, mark, digit, connector (`_`), space or hyphen dropped, each space a hyphen.
 */
export function slugify(heading: string): string {
    return heading.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
}

/** A heading's text as GitHub renders it: code spans, links and images by their text, tags dropped. */
function headingText(raw: string): string {
    return raw
        .replace(/\s+#+\s*$/, "")                      // closing hashes
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")     // links and images: their text
        .replace(/<[^>]+>/g, "")                       // inline HTML
        .replace(/`([^`]*)`/g, "$1")
        .trim();
}

/** Each line of `text` with whether it lies inside a fenced code block (fences included). */
function linesOutsideFences(text: string): { line: string; index: number }[] {
    const out: { line: string; index: number }[] = [];
    let fence: string | undefined;
    text.split("\n").forEach((line, index) => {
        const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
        if (fence === undefined && m) fence = m[1];
        else if (fence !== undefined && m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
        else if (fence === undefined) out.push({ line, index });
    });
    return out;
}

/** The anchors a file's headings get, in order; a repeated heading gets `-1`, `-2`, … as on GitHub. Explicit `<a name>`/`id` anchors too. */
export function headingAnchors(text: string): string[] {
    const seen = new Map<string, number>();
    const anchors: string[] = [];
    for (const { line } of linesOutsideFences(text)) {
        for (const [, id] of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.push(id);
        const m = /^ {0,3}#{1,6}\s+(.*)$/.exec(line);
        if (!m) continue;
        const slug = slugify(headingText(m[1]));
        const n = seen.get(slug);
        seen.set(slug, (n ?? -1) + 1);
        anchors.push(n === undefined ? slug : `${slug}-${n + 1}`);
    }
    return anchors;
}

/** A link in a Markdown file: its target as written, and the 1-based line it is on. */
export interface MarkdownLink {
    target: string;
    line: number;
}

/** Every inline link and image target, and every reference definition, outside code blocks and code spans. */
export function markdownLinks(text: string): MarkdownLink[] {
    const links: MarkdownLink[] = [];
    for (const { line, index } of linesOutsideFences(text)) {
        const prose = line.replace(/(`+)(?:(?!\1).)*?\1/g, "");
        for (const [, target] of prose.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target, line: index + 1 });
        const def = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(prose);
        if (def) links.push({ target: def[1], line: index + 1 });
    }
    return links;
}

/** Whether a link leaves the repository (`https:`, `mailto:`, …). */
export function isExternal(target: string): boolean {
    return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/** A link that leads nowhere: the file and line it is on, the target as written, and what is wrong. */
export interface LinkProblem {
    file: string;
    line: number;
    target: string;
    problem: string;
}

/**
 * Checks every relative link of the Markdown `files` (paths from the repository's root, `/` as
 * separator): the target must be a file or folder `exists` says is there (a leading `/` is the root,
 * as on GitHub), and an `#anchor` into a Markdown file must be one of its headings' anchors. `read`
 * gives a Markdown file's text.
 */
export function checkLinks(files: string[], exists: (path: string) => boolean, read: (path: string) => string): LinkProblem[] {
    const anchors = new Map<string, Set<string>>();
    const anchorsOf = (file: string) => {
        if (!anchors.has(file)) anchors.set(file, new Set(headingAnchors(read(file))));
        return anchors.get(file)!;
    };
    const problems: LinkProblem[] = [];
    for (const file of files) {
        for (const { target, line } of markdownLinks(read(file))) {
            if (isExternal(target)) continue;
            const hash = target.indexOf("#");
            const pathPart = hash < 0 ? target : target.slice(0, hash);
            const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
            let resolved = file;
            if (pathPart !== "") {
                const decoded = decodeURIComponent(pathPart);
                resolved = posixNormalize(decoded.startsWith("/") ? decoded.slice(1) : `${dirname(file)}/${decoded}`);
                if (resolved.startsWith("../") || resolved === "..") {
                    problems.push({ file, line, target, problem: "leaves the repository" });
                    continue;
                }
                if (!exists(resolved)) {
                    problems.push({ file, line, target, problem: `${resolved} is not in the repository` });
                    continue;
                }
            }
            if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
                problems.push({ file, line, target, problem: `${resolved} has no heading with the anchor #${anchor}` });
            }
        }
    }
    return problems;
}

function dirname(file: string): string {
    const i = file.lastIndexOf("/");
    return i < 0 ? "." : file.slice(0, i);
}

/** `a/./b/../c/` → `a/c`; a path above the start keeps its leading `..`. */
function posixNormalize(p: string): string {
    const out: string[] = [];
    for (const part of p.split("/")) {
        if (part === "" || part === ".") continue;
        if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
        else out.push(part);
    }
    return out.join("/") || ".";
}

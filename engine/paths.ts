/** Where the package's own files are, whether this code runs from sources or from `dist/`. */
import * as fs from "fs";
import * as path from "path";

function findRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "emr-serverless-dataplane") return dir;
        if (path.dirname(dir) === dir) throw new Error(`cannot find the emr-serverless-dataplane package above ${start}`);
    }
}

/** The package root: the folder of `package.json` and the data-plane `Pulumi.yaml`. */
export const PACKAGE_ROOT = findRoot(__dirname);

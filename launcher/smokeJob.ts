/**
 * The smoke job the launcher stages by default: a tiny PySpark program that needs no input data,
 * no network access and no extra permissions, and fails unless Spark computed the right answer.
 */
import { createHash } from "crypto";

export const SMOKE_JOB_FILE_NAME = "emr_dataplane_smoke.py";

export const SMOKE_JOB = `"""emr-serverless-dataplane smoke job: proves a data plane can run Spark (no input, no network)."""
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("emr-dataplane-smoke").getOrCreate()
total = spark.range(1000).selectExpr("sum(id) AS total").collect()[0]["total"]
print(f"emr-dataplane smoke job: sum(0..999) = {total}")
if total != 499500:
    raise SystemExit(f"wrong answer {total}, expected 499500")
spark.stop()
`;

/** An entry point to stage: its file name and contents. */
export interface EntryPoint {
    fileName: string;
    body: string;
}

export const SMOKE_ENTRY_POINT: EntryPoint = { fileName: SMOKE_JOB_FILE_NAME, body: SMOKE_JOB };

/** The staging key of an entry point: under `staging/`, by content hash, so the same file is staged once. */
export function stagingKey(prefix: string, entry: EntryPoint): string {
    const hash = createHash("sha256").update(entry.body).digest("hex").slice(0, 16);
    return `${prefix}entry-points/${hash}/${entry.fileName}`;
}

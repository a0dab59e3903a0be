"""Sample EMR Serverless job: read CSV through an S3 access point, write the result back through it.

    spark-submit access_point_csv.py \
        --input_uri  s3://<access point alias>/input/ \
        --output_uri s3://<access point alias>/output/trips-by-vendor/ \
        [--group_by <column>] [--output_format parquet|csv] [--delimiter ,]

The URIs are the owner stack's `dataSource.inputUri` / `outputUri` (an access point alias works
wherever a bucket name does); the ARN form `s3://arn:aws:s3:<region>:<account>:accesspoint/<name>/<key>`
is accepted too. The job reads every CSV file under the input URI (header row required), gives the
columns safe lower_snake_case names, optionally counts rows per value of one column, and replaces
whatever is at the output URI.

Everything but `main` is plain Python (the standard library only) so it can be tested without
Spark; `run` is the only code that talks to Spark, through five DataFrame calls.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from typing import Any, Optional, Sequence

APP_NAME = "emr-dataplane-access-point-csv"
OUTPUT_FORMATS = ("parquet", "csv")
_ACCESS_POINT_ARN = re.compile(r"^arn:aws[a-z-]*:s3:[a-z0-9-]+:\d{12}:accesspoint/[a-z0-9-]+$")


@dataclass(frozen=True)
class Options:
    input_uri: str
    output_uri: str
    group_by: Optional[str] = None
    output_format: str = "parquet"
    delimiter: str = ","


def split_s3_uri(uri: str) -> tuple[str, str]:
    """(bucket, access point alias or access point ARN; key) of an s3:// URI. Raises ValueError."""
    if not uri.startswith("s3://"):
        raise ValueError(f"{uri!r} is not an s3:// URI")
    rest = uri[len("s3://"):]
    if rest.startswith("arn:"):
        # s3://arn:aws:s3:<region>:<account>:accesspoint/<name>/<key...>
        parts = rest.split("/", 2)
        if len(parts) < 2 or not _ACCESS_POINT_ARN.match(f"{parts[0]}/{parts[1]}"):
            raise ValueError(f"{uri!r} is not s3://arn:aws:s3:<region>:<account>:accesspoint/<name>/<key>")
        return f"{parts[0]}/{parts[1]}", parts[2] if len(parts) == 3 else ""
    bucket, _, key = rest.partition("/")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        raise ValueError(f"{uri!r} does not name a bucket or access point alias")
    return bucket, key


def _folder(key: str) -> str:
    return key if key == "" or key.endswith("/") else key + "/"


def check_locations(input_uri: str, output_uri: str) -> None:
    """Refuses an output that is the input, or lies inside it, or contains it: overwriting would destroy the input."""
    (in_bucket, in_key), (out_bucket, out_key) = split_s3_uri(input_uri), split_s3_uri(output_uri)
    if out_key.strip("/") == "":
        raise ValueError(f"output {output_uri!r} is the whole bucket: give a key prefix to replace")
    if in_bucket == out_bucket and (_folder(out_key).startswith(_folder(in_key)) or _folder(in_key).startswith(_folder(out_key))):
        raise ValueError(f"output {output_uri!r} overlaps input {input_uri!r}: the job replaces its output")


def parse_args(argv: Optional[Sequence[str]] = None) -> Options:
    """The job's options from its arguments; exits with status 2 and one line on bad input (argparse's way)."""
    parser = argparse.ArgumentParser(prog="access_point_csv.py", description="Read CSV through an S3 access point and write the result.")
    parser.add_argument("--input_uri", required=True, help="s3:// URI of a CSV file or of a folder of CSV files (header row required)")
    parser.add_argument("--output_uri", required=True, help="s3:// URI of the folder to replace with the result")
    parser.add_argument("--group_by", help="count rows per value of this column (its name before or after normalisation)")
    parser.add_argument("--output_format", choices=OUTPUT_FORMATS, default="parquet", help="default: parquet")
    parser.add_argument("--delimiter", default=",", help="CSV field delimiter, one character (default: ,)")
    ns = parser.parse_args(argv)
    if len(ns.delimiter) != 1:
        parser.error(f"--delimiter must be one character, got {ns.delimiter!r}")
    try:
        check_locations(ns.input_uri, ns.output_uri)
    except ValueError as err:
        parser.error(str(err))
    if ns.group_by is not None and normalise_column_name(ns.group_by) == "":
        parser.error(f"--group_by {ns.group_by!r} does not name a column")
    return Options(ns.input_uri, ns.output_uri, ns.group_by, ns.output_format, ns.delimiter)


def normalise_column_name(name: str) -> str:
    """`" Pickup Date/Time "` → `pickup_date_time`: lowercase letters, digits and single underscores."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def normalise_column_names(names: Sequence[str]) -> list[str]:
    """Safe, unique column names for Parquet and SQL: blanks become `column_<n>`, repeats get `_2`, `_3`…"""
    out: list[str] = []
    seen: set[str] = set()
    for i, name in enumerate(names, start=1):
        base = normalise_column_name(name) or f"column_{i}"
        if base[0].isdigit():
            base = f"c_{base}"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}_{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def group_column(columns: Sequence[str], original: Sequence[str], group_by: str) -> str:
    """The normalised column `group_by` refers to (by its original or its normalised name). Raises ValueError."""
    for new, old in zip(columns, original):
        if group_by in (old, new) or normalise_column_name(group_by) == new:
            return new
    raise ValueError(f"--group_by {group_by!r} is not a column of the input (columns: {', '.join(columns)})")


def run(spark: Any, options: Options) -> None:
    """The Spark part: read, rename, optionally count per group, replace the output."""
    df = spark.read.csv(options.input_uri, header=True, sep=options.delimiter)
    original = list(df.columns)
    columns = normalise_column_names(original)
    df = df.toDF(*columns)
    if options.group_by is not None:
        key = group_column(columns, original, options.group_by)
        df = df.groupBy(key).count().orderBy(key)
    writer = df.write.mode("overwrite").format(options.output_format)
    if options.output_format == "csv":
        writer = writer.option("header", "true")
    writer.save(options.output_uri)


def main(argv: Optional[Sequence[str]] = None) -> int:
    options = parse_args(argv)
    from pyspark.sql import SparkSession  # only on the cluster; everything above runs without Spark

    spark = SparkSession.builder.appName(APP_NAME).getOrCreate()
    try:
        run(spark, options)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Tests of jobs/access_point_csv.py with the standard library only (no PySpark here).

`run` is exercised against a small fake of the five PySpark calls it makes, backed by CSV text in
memory, so the transformation is checked end to end: messy header in, renamed columns or per-group
counts out, the output replaced, the input untouched. Run: PYTHONPATH=jobs python3 -m unittest discover -s test/jobs
"""
from __future__ import annotations

import contextlib
import csv
import io
import unittest

import access_point_csv as job

ALIAS = "acme-sales-emr-3efcfc4ddf3c50aa397a045639e095-s3alias"
ARN = "arn:aws:s3:eu-west-1:999988887777:accesspoint/acme-sales-emr"
IN = f"s3://{ALIAS}/input/"
OUT = f"s3://{ALIAS}/output/"


class FakeStore:
    """s3:// "folders" → CSV text (input) or written rows (output)."""

    def __init__(self, files: dict[str, str]):
        self.files = dict(files)
        self.written: dict[str, dict] = {}


class FakeDataFrame:
    def __init__(self, store: FakeStore, columns: list[str], rows: list[tuple]):
        self._store, self.columns, self.rows = store, list(columns), list(rows)

    def toDF(self, *names: str) -> "FakeDataFrame":
        assert len(names) == len(self.columns), "toDF needs one name per column"
        return FakeDataFrame(self._store, list(names), self.rows)

    def groupBy(self, column: str) -> "FakeGrouped":
        return FakeGrouped(self, column)

    def orderBy(self, column: str) -> "FakeDataFrame":
        i = self.columns.index(column)
        return FakeDataFrame(self._store, self.columns, sorted(self.rows, key=lambda r: r[i]))

    @property
    def write(self) -> "FakeWriter":
        return FakeWriter(self)


class FakeGrouped:
    def __init__(self, df: FakeDataFrame, column: str):
        self.df, self.column = df, column

    def count(self) -> FakeDataFrame:
        i = self.df.columns.index(self.column)
        counts: dict = {}
        for row in self.df.rows:
            counts[row[i]] = counts.get(row[i], 0) + 1
        return FakeDataFrame(self.df._store, [self.column, "count"], list(counts.items()))


class FakeWriter:
    def __init__(self, df: FakeDataFrame):
        self.df, self.settings = df, {"options": {}}

    def mode(self, mode: str) -> "FakeWriter":
        self.settings["mode"] = mode
        return self

    def format(self, fmt: str) -> "FakeWriter":
        self.settings["format"] = fmt
        return self

    def option(self, key: str, value: str) -> "FakeWriter":
        self.settings["options"][key] = value
        return self

    def save(self, path: str) -> None:
        self.df._store.written[path] = {**self.settings, "columns": self.df.columns, "rows": self.df.rows}


class FakeReader:
    def __init__(self, store: FakeStore):
        self.store = store

    def csv(self, path: str, header: bool = False, sep: str = ",") -> FakeDataFrame:
        assert header is True, "the job must read the header row"
        text = "".join(t for p, t in sorted(self.store.files.items()) if p.startswith(path))
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        return FakeDataFrame(self.store, rows[0], [tuple(r) for r in rows[1:]])


class FakeSpark:
    def __init__(self, files: dict[str, str]):
        self.store = FakeStore(files)
        self.read = FakeReader(self.store)


TRIPS = "VendorID,Trip Distance, Payment-Type ,tip (USD)\n2,1.5,card,0.5\n1,3.0,cash,0\n2,0.7,card,1\n"


def parse_failure(argv: list[str]) -> tuple[int, str]:
    """parse_args(argv) must exit: its status and what it printed."""
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            job.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    raise AssertionError(f"parse_args accepted {argv}")


class ArgumentsTest(unittest.TestCase):
    def test_defaults(self):
        self.assertEqual(job.parse_args(["--input_uri", IN, "--output_uri", OUT]), job.Options(IN, OUT, None, "parquet", ","))

    def test_every_option(self):
        o = job.parse_args(["--input_uri", IN + "trips.csv", "--output_uri", OUT + "by-vendor/", "--group_by", "VendorID",
                            "--output_format", "csv", "--delimiter", ";"])
        self.assertEqual(o, job.Options(IN + "trips.csv", OUT + "by-vendor/", "VendorID", "csv", ";"))

    def test_access_point_arn_uris(self):
        o = job.parse_args(["--input_uri", f"s3://{ARN}/input/", "--output_uri", f"s3://{ARN}/output/"])
        self.assertEqual(o.input_uri, f"s3://{ARN}/input/")

    def test_both_uris_are_required(self):
        code, err = parse_failure(["--input_uri", IN])
        self.assertEqual(code, 2)
        self.assertIn("--output_uri", err)

    def test_refusals(self):
        cases = {
            "not an s3 uri": (["--input_uri", "/tmp/in", "--output_uri", OUT], "is not an s3:// URI"),
            "bad arn form": (["--input_uri", "s3://arn:aws:s3:eu-west-1:1:accesspoint/x/in/", "--output_uri", OUT], "is not s3://arn"),
            "output is the input": (["--input_uri", IN, "--output_uri", IN], "overlaps input"),
            "output inside the input": (["--input_uri", IN, "--output_uri", IN + "result/"], "overlaps input"),
            "input inside the output": (["--input_uri", OUT + "x/", "--output_uri", OUT], "overlaps input"),
            "whole bucket output": (["--input_uri", IN, "--output_uri", f"s3://{ALIAS}/"], "is the whole bucket"),
            "unknown format": (["--input_uri", IN, "--output_uri", OUT, "--output_format", "json"], "invalid choice"),
            "long delimiter": (["--input_uri", IN, "--output_uri", OUT, "--delimiter", ",,"], "one character"),
            "empty group column": (["--input_uri", IN, "--output_uri", OUT, "--group_by", "()"], "does not name a column"),
        }
        for what, (argv, message) in cases.items():
            with self.subTest(what):
                code, err = parse_failure(argv)
                self.assertEqual(code, 2)
                self.assertIn(message, err)

    def test_same_prefix_in_different_buckets_is_fine(self):
        o = job.parse_args(["--input_uri", IN, "--output_uri", "s3://other-bucket/input/"])
        self.assertEqual(o.output_uri, "s3://other-bucket/input/")


class UrisTest(unittest.TestCase):
    def test_alias_and_arn_forms(self):
        self.assertEqual(job.split_s3_uri(IN + "trips.csv"), (ALIAS, "input/trips.csv"))
        self.assertEqual(job.split_s3_uri(f"s3://{ARN}/input/trips.csv"), (ARN, "input/trips.csv"))
        self.assertEqual(job.split_s3_uri(f"s3://{ARN}"), (ARN, ""))

    def test_bad_bucket(self):
        with self.assertRaises(ValueError):
            job.split_s3_uri("s3://Bad_Bucket/x")


class ColumnNamesTest(unittest.TestCase):
    def test_normalised(self):
        self.assertEqual(job.normalise_column_names(["VendorID", "Trip Distance", " Payment-Type ", "tip (USD)"]),
                         ["vendorid", "trip_distance", "payment_type", "tip_usd"])

    def test_blank_duplicate_and_numeric_names(self):
        self.assertEqual(job.normalise_column_names(["a", "A", "a ", "", "%%", "2021 total"]),
                         ["a", "a_2", "a_3", "column_4", "column_5", "c_2021_total"])

    def test_group_column_by_either_name(self):
        columns = job.normalise_column_names(["Payment-Type", "x"])
        self.assertEqual(job.group_column(columns, ["Payment-Type", "x"], "Payment-Type"), "payment_type")
        self.assertEqual(job.group_column(columns, ["Payment-Type", "x"], "payment_type"), "payment_type")
        with self.assertRaisesRegex(ValueError, "is not a column of the input"):
            job.group_column(columns, ["Payment-Type", "x"], "fare")


class RunTest(unittest.TestCase):
    def test_copies_with_normalised_columns_as_parquet(self):
        spark = FakeSpark({IN + "part-1.csv": TRIPS})
        job.run(spark, job.parse_args(["--input_uri", IN, "--output_uri", OUT]))
        out = spark.store.written[OUT]
        self.assertEqual((out["mode"], out["format"], out["options"]), ("overwrite", "parquet", {}))
        self.assertEqual(out["columns"], ["vendorid", "trip_distance", "payment_type", "tip_usd"])
        self.assertEqual(out["rows"], [("2", "1.5", "card", "0.5"), ("1", "3.0", "cash", "0"), ("2", "0.7", "card", "1")])
        self.assertEqual(list(spark.store.files), [IN + "part-1.csv"], "the input is left alone")

    def test_counts_per_group_as_csv_with_header(self):
        spark = FakeSpark({IN + "a.csv": TRIPS})
        job.run(spark, job.parse_args(["--input_uri", IN, "--output_uri", OUT, "--group_by", "Payment-Type", "--output_format", "csv"]))
        out = spark.store.written[OUT]
        self.assertEqual((out["format"], out["options"]), ("csv", {"header": "true"}))
        self.assertEqual(out["columns"], ["payment_type", "count"])
        self.assertEqual(out["rows"], [("card", 2), ("cash", 1)])

    def test_other_delimiter(self):
        spark = FakeSpark({IN + "a.csv": "k;v\nx;1\nx;2\n"})
        job.run(spark, job.parse_args(["--input_uri", IN, "--output_uri", OUT, "--group_by", "k", "--delimiter", ";"]))
        self.assertEqual(spark.store.written[OUT]["rows"], [("x", 2)])

    def test_unknown_group_column_writes_nothing(self):
        spark = FakeSpark({IN + "a.csv": TRIPS})
        with self.assertRaisesRegex(ValueError, "'fare' is not a column"):
            job.run(spark, job.parse_args(["--input_uri", IN, "--output_uri", OUT, "--group_by", "fare"]))
        self.assertEqual(spark.store.written, {})


class EntryPointTest(unittest.TestCase):
    def test_bad_arguments_fail_before_spark_is_needed(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), self.assertRaises(SystemExit) as caught:
            job.main(["--input_uri", IN])
        self.assertEqual(caught.exception.code, 2)


if __name__ == "__main__":
    unittest.main()

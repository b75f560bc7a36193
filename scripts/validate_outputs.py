"""Validates mamori's SARIF, OCSF and ASFF output against the official schemas.

SARIF 2.1.0 and OCSF 1.3.0 Compliance Finding: JSON Schema files vendored in
crates/mamori-report/schemas/. ASFF: the Security Hub API model shipped in
botocore, through botocore's own request validator, chunked as
BatchImportFindings calls (at most 100 findings each).

usage: validate_outputs.py {sarif|ocsf|asff} FILE
Prints `ok N` on success; exits 1 with the errors otherwise.
"""

import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "crates", "mamori-report", "schemas")


def schema_errors(schema_file, instance, validator_class):
    with open(os.path.join(SCHEMAS, schema_file), encoding="utf-8") as f:
        schema = json.load(f)
    validator = validator_class(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = []
    if kind == "sarif":
        errors = schema_errors("sarif-2.1.0-rtm.5.json", doc, jsonschema.Draft4Validator)
        count = sum(len(run["results"]) for run in doc["runs"])
    elif kind == "ocsf":
        for i, event in enumerate(doc):
            errors += [f"[{i}] {e}" for e in schema_errors("ocsf-1.3.0-compliance_finding.json", event, jsonschema.Draft202012Validator)]
        count = len(doc)
    elif kind == "asff":
        import botocore.session
        from botocore.validate import ParamValidator

        model = botocore.session.get_session().get_service_model("securityhub")
        shape = model.operation_model("BatchImportFindings").input_shape
        for start in range(0, len(doc), 100):
            report = ParamValidator().validate({"Findings": doc[start : start + 100]}, shape)
            if report.has_errors():
                errors.append(report.generate_report())
        count = len(doc)
    else:
        sys.exit(f"unknown kind {kind}")
    if errors:
        print("\n".join(errors[:50]))
        sys.exit(1)
    print(f"ok {count}")


if __name__ == "__main__":
    main()

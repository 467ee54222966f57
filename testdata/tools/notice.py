#!/usr/bin/env python3
"""Writes testdata/NOTICE from the manifest of the fixture collection (MANIFEST.tsv).

Usage: notice.py MANIFEST.tsv  (run from the repository root; lists every file under testdata/wire)
"""
import os
import sys

LICENCE = {
    "openai/openai-openapi": ("MIT", "openai__openai-openapi.LICENSE"),
    "openai/openai-python": ("Apache-2.0", "openai__openai-python.LICENSE"),
    "openai/openai-node": ("Apache-2.0", "openai__openai-node.LICENSE"),
    "anthropics/anthropic-sdk-python": ("MIT", "anthropics__anthropic-sdk-python.LICENSE"),
    "anthropics/anthropic-sdk-java": ("MIT", "anthropics__anthropic-sdk-java.LICENSE"),
    "tryAGI/Anthropic": ("MIT (repository); the spec content is Anthropic's and states no licence",
                         "tryAGI__Anthropic.LICENSE"),
    "googleapis/googleapis": ("Apache-2.0", "googleapis__googleapis.LICENSE"),
    "googleapis/js-genai": ("Apache-2.0", "googleapis__js-genai.LICENSE"),
    "ollama/ollama": ("MIT", "ollama__ollama.LICENSE"),
}
TRIMMED = {
    "openai/spec/openapi.json": "CreateChatCompletionRequest CreateResponse Response InputItem "
                                "InputImageContent FunctionTool "
                                "CreateBatchRequest Batch OpenAIFile ListBatchesResponse ListFilesResponse",
    "anthropic/spec-unofficial/anthropic-openapi.tryAGI-mirror.json": "CreateMessageParams CreateMessageBatchParams MessageBatch MessageBatchIndividualResponse ListResponse_MessageBatch_ ErrorResponse",
}

rows = {}
with open(sys.argv[1], encoding="utf-8") as manifest:
    header = manifest.readline().rstrip("\n").split("\t")
    for line in manifest:
        row = dict(zip(header, line.rstrip("\n").split("\t")))
        rows[row["file"]] = row

files = []
for base, _, names in os.walk("testdata/wire"):
    for name in names:
        rel = os.path.relpath(os.path.join(base, name), "testdata/wire")
        if not rel.startswith("LICENSES"):
            files.append(rel)
files.sort()

out = []
out.append("""Quarry test data
================

Everything under testdata/ is test input for Quarry's own tests; none of it ships in a Quarry jar.
Quarry itself is Apache-2.0 (see LICENSE at the repository root). The files below come from other
projects, under those projects' licences: MIT and Apache-2.0 both ask that the notice travels with
copies, so the licence text of every source repository is in testdata/wire/LICENSES/.

Files are copied byte for byte ("exact") unless the kind column says otherwise:
  exact     a byte-for-byte copy of the file at that path and commit
  derived   a payload taken out of the source file by a deterministic method (a string literal in
            a Python test, a Jest snapshot export, an x-oaiMeta example embedded in a spec); the
            content is the source's, the bytes are not a copy of one file
  excerpt   a byte-exact run of lines of the source file
  trimmed   the source spec reduced by testdata/tools/trim-openapi.py to the schemas the tests
            validate against (the roots named in the note and every schema they reach through
            $ref), without the annotation keywords (description, title, example(s), deprecated,
            x-*), which never change what validates
  generated an index written when the fixtures were collected (not from a source repository)

Hand-made fixtures are not in testdata/: they sit in the modules' src/test/resources and are
named or documented as hand-made there (runtime/src/test/resources/ollama/handmade-*,
runtime/src/test/resources/responses/, which says so in its README). Recordings of Quarry's own
test runs (src/test/resources/recordings, replay/) are written by Quarry's tests and are not from
another project.

wire/: provider specs and recorded payloads
-------------------------------------------
""")
for rel in files:
    row = rows.get(rel)
    if row is None:
        sys.exit(f"testdata/wire/{rel} is not in the manifest; add its origin by hand")
    kind = row["kind"]
    note = row.get("note", "")
    if rel in TRIMMED:
        kind = "trimmed"
        note = "roots: " + TRIMMED[rel]
    if row["repo"]:
        licence, licence_file = LICENCE[row["repo"]]
        out.append(f"wire/{rel}\n    from {row['repo']} {row['path']} at {row['commit']}\n"
                   f"    kind {kind}; licence {licence} (wire/LICENSES/{licence_file})"
                   + (f"\n    {note}" if note else "") + "\n")
    else:
        out.append(f"wire/{rel}\n    kind {kind}" + (f"; {note}" if note else "") + "\n")

out.append("""
corpus/: parsing corpus
-----------------------

corpus/parsing-dev.jsonl: 440 cases of messy model output, each taken byte-exact from the test
suite of a project that parses such output, with the value that project's test expects (see
corpus/README.md for the line format). Each line's "source"/"origin" names its project:
    baml         BoundaryML/baml engine/baml-lib/jsonish/src/tests/*.rs at bd85df22, Apache-2.0
    json_repair  mangiucugna/json_repair tests/test_*.py at 600ede6b, MIT, (c) 2023 Stefano Baccianella
    jsonrepair   josdejong/jsonrepair src/index.test.ts at 72ccb43a, ISC, (c) 2020-2026 Jos de Jong
    vercel-ai    vercel/ai packages/ai/src/util/fix-json.test.ts at ed857f50, Apache-2.0, (c) 2023 Vercel, Inc.
    langchain    langchain-ai/langchain libs/core/tests/unit_tests/output_parsers/test_json.py
                 at 2da77b66, MIT, (c) Harrison Chase
    instructor   instructor-ai/instructor tests/test_utils.py at 2e6c3b3f, MIT, (c) 2023 Jason Liu

tools/: the scripts that trimmed the specs and wrote this file (Quarry's own, Apache-2.0).
""")
with open("testdata/NOTICE", "w", encoding="utf-8") as f:
    f.write("\n".join(out))
print(f"{len(files)} wire files listed")

#!/usr/bin/env python3
"""Trims an OpenAPI 3.1 JSON spec to the schemas some roots reach, for the test fixtures in testdata/.

Usage: trim-openapi.py SOURCE.json TARGET.json ROOT_SCHEMA [ROOT_SCHEMA ...]

Keeps `openapi` and `info.title`/`info.version`, and `components.schemas` restricted to the given
roots and every schema they reach through `$ref` (including discriminator mappings). Drops the
keywords that never change what validates: `description`, `title`, `example`, `examples`,
`deprecated` and every `x-` extension. Names under `properties`/`patternProperties`/`$defs` are
property names, not keywords, so a property called `description` stays. Everything else is kept
byte for byte in meaning (the output is re-serialised with sorted-free, two-space JSON).
"""
import json
import sys

PREFIX = "#/components/schemas/"
DROPPED = {"description", "title", "example", "examples", "deprecated"}
NAME_MAPS = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}


def refs(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(PREFIX):
                out.add(value[len(PREFIX):].split("/")[0])
            elif key == "mapping" and isinstance(value, dict):
                for target in value.values():
                    if isinstance(target, str) and target.startswith(PREFIX):
                        out.add(target[len(PREFIX):].split("/")[0])
            else:
                refs(value, out)
    elif isinstance(node, list):
        for item in node:
            refs(item, out)


def strip(node):
    """A schema without its annotation keywords."""
    if isinstance(node, list):
        return [strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key in DROPPED or key.startswith("x-"):
            continue
        if key in NAME_MAPS and isinstance(value, dict):
            result[key] = {name: strip(schema) for name, schema in value.items()}
        elif key in ("enum", "const", "default", "mapping", "required"):
            result[key] = value
        else:
            result[key] = strip(value)
    return result


def main(source, target, roots):
    spec = json.load(open(source, encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    keep, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        if name not in schemas:
            sys.exit(f"schema {name} is referenced but not defined in {source}")
        keep.add(name)
        found = set()
        refs(schemas[name], found)
        todo.extend(found - keep)
    trimmed = {
        "openapi": spec["openapi"],
        "info": {"title": spec["info"].get("title", ""), "version": spec["info"].get("version", "")},
        "components": {"schemas": {n: strip(s) for n, s in schemas.items() if n in keep}},
    }
    with open(target, "w", encoding="utf-8") as out:
        json.dump(trimmed, out, indent=1, ensure_ascii=False)
        out.write("\n")
    print(f"{target}: {len(keep)} of {len(schemas)} schemas")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])

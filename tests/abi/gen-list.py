#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the shared (struct, field) and constant list for the ABI check.

Reads clang's JSON AST of two translation units that include every header
under test: ours (hv/include/public, guest view) and Xen's
(/usr/include/xen). For every struct or union our headers declare, the
list names the type and each field of either side (recursing into members
of anonymous type, e.g. start_info.console.domU.mfn). For constants it
takes every object-like #define in our headers that the guest view defines
(--ours-macros: clang -dM output) and every enumerator.

Names that exist on one side only are errors, unless tests/abi/ours-only.txt
lists them (or a pattern matching them) with a reason; so is a type or field that exists only in Xen's
version of a struct we declare (a field we forgot). The output is a C
header of X-macros that dump.c expands into printf calls:

    S(type)              size and alignment
    F(type, a.b)         offset and size of a field
    FX(type, a)          offset of a flexible array member
    C(NAME)              value of an integer constant
    G(KEY)               as F/S, but absent from the hypervisor view
                         (__SATORI_HV__); printed as a skip line there

It also writes the list for the foreign/x86_64.h check: SA(name) and
FA(name, field) for every struct foreign/x86_64.h declares as name_x86_64.

    gen-list.py --ours ours.json --ours-hv ours-hv.json --xen xen.json \
        --xen-macros xen-macros.txt --headers hv/include/public \
        --exclude tests/abi/ours-only.txt --foreign foreign.json \
        --foreign-out foreign-list.h -o list.h
"""

import argparse
import fnmatch
import json
import os
import re
import sys

ANON = re.compile(r"\((?:unnamed|anonymous)(?: struct| union)? at ")


def load_exclusions(path):
    names = set()
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.add(line.split()[0])
    return names


class Exclusions:
    """Names (or fnmatch patterns) that are meant to exist on one side only."""

    def __init__(self, path):
        self.names = load_exclusions(path)

    def __contains__(self, name):
        return any(fnmatch.fnmatchcase(name, p) for p in self.names)


def record_name(rec, typedef_of):
    if rec.get("name"):
        return f"{rec['tagUsed']} {rec['name']}"
    return typedef_of.get(rec["id"])


def fields_of(rec, prefix=""):
    """(designator, kind) for each field; kind is 'f', 'flex' or 'bit'."""
    out = []
    anon = None
    for node in rec.get("inner", []):
        kind = node.get("kind")
        if kind == "RecordDecl" and not node.get("name"):
            anon = node
            continue
        if kind != "FieldDecl":
            continue
        qual = node["type"]["qualType"]
        name = node.get("name", "")
        if ANON.search(qual) and anon is not None and "[" not in qual:
            sub = f"{prefix}{name}." if name else prefix
            if name:
                out.append((prefix + name, "f"))
            out.extend(fields_of(anon, sub))
            anon = None
            continue
        if not name:
            continue
        if node.get("isBitfield"):
            out.append((prefix + name, "bit"))
        elif qual.endswith("[]"):
            out.append((prefix + name, "flex"))
        else:
            out.append((prefix + name, "f"))
    return out


def walk_records(node, found):
    for child in node.get("inner", []):
        if child.get("kind") == "RecordDecl" and \
                child.get("completeDefinition"):
            found.append(child)
        walk_records(child, found)


def parse_ast(path):
    """{type name: [(designator, kind)]} and the set of enumerator names."""
    with open(path) as f:
        tu = json.load(f)
    typedef_of = {}
    enums = set()
    for node in tu.get("inner", []):
        if node.get("kind") == "TypedefDecl":
            TYPE_WORDS.add(node["name"])
            for inner in node.get("inner", []):
                owned = inner.get("ownedTagDecl")
                if owned and not owned.get("name"):
                    typedef_of[owned["id"]] = node["name"]
        if node.get("kind") == "EnumDecl":
            for c in node.get("inner", []):
                if c.get("kind") == "EnumConstantDecl":
                    enums.add(c["name"])
    records = []
    walk_records(tu, records)
    types = {}
    for rec in records:
        name = record_name(rec, typedef_of)
        # The compiler's own <stddef.h> type differs between gcc and clang.
        if name and name != "struct max_align_t" and name != "max_align_t":
            types[name] = fields_of(rec)
    return types, enums


DEFINE = re.compile(r"^#define\s+([A-Za-z_]\w*)(\(?)\s*(.*)$")


# Macros that stand for a type or tag, not a value (uint64_aligned_t...):
# their values are typedef names (collected from the ASTs) or tags.
TYPE_WORDS = set()
aliases = {}


def our_constants(header_dir):
    """Object-like macros of our headers, except string literals."""
    names = []
    for root, _, files in sorted(os.walk(header_dir)):
        for fn in sorted(files):
            if not fn.endswith(".h"):
                continue
            with open(os.path.join(root, fn)) as f:
                for line in f:
                    m = DEFINE.match(line)
                    if not m or m.group(2) or not m.group(3).strip():
                        continue
                    value = m.group(3).strip()
                    if value.startswith('"'):
                        continue
                    names.append(m.group(1))
                    aliases[m.group(1)] = value.split("/*")[0].strip()
    return names


def main():
    ap = argparse.ArgumentParser()
    for opt in ("--ours", "--ours-hv", "--xen", "--xen-macros", "--headers",
                "--exclude", "--foreign", "--foreign-out", "--ours-macros",
                "-o"):
        ap.add_argument(opt, required=True)
    args = ap.parse_args()

    ours, our_enums = parse_ast(args.ours)
    ours_hv, _ = parse_ast(args.ours_hv)
    xen, xen_enums = parse_ast(args.xen)
    with open(args.xen_macros) as f:
        xen_macros = {l.split()[1] for l in f if l.startswith("#define ")}
    excluded = Exclusions(args.exclude)
    errors = []
    out = ["/* Generated by tests/abi/gen-list.py; do not edit. */"]

    def key(t, d=None):
        return t.replace(" ", ":") + ("." + d if d else "")

    hv_names = {"struct cpu_user_regs": "struct guest_cpu_user_regs"}
    for t in sorted(ours):
        if t not in xen:
            if key(t) not in excluded:
                errors.append(f"{t}: not declared by Xen's headers")
            continue
        hv_fields = dict(ours_hv.get(hv_names.get(t, t), []))
        mine, theirs = dict(ours[t]), dict(xen[t])
        out.append(f"S({t})")
        for d in sorted(set(mine) | set(theirs)):
            if d not in mine or d not in theirs:
                if key(t, d) not in excluded:
                    side = "ours" if d in mine else "Xen's"
                    errors.append(f"{t}.{d}: only in {side}")
                continue
            if mine[d] == "bit":
                continue
            line = f"FX({t}, {d})" if mine[d] == "flex" else f"F({t}, {d})"
            if d not in hv_fields:
                line = f"G({line})"
            out.append(line)

    xen_names = xen_macros | xen_enums
    with open(args.ours_macros) as f:
        visible = {l.split()[1] for l in f if l.startswith("#define ")}
    consts = sorted((set(our_constants(args.headers)) & visible) | our_enums)
    tags = {t.split()[-1] for t in ours} | set(ours)
    for c in consts:
        if aliases.get(c) in tags or aliases.get(c) in TYPE_WORDS:
            continue
        if c not in xen_names:
            if c not in excluded:
                errors.append(f"{c}: constant not defined by Xen's headers")
            continue
        out.append(f"C({c})")

    foreign, _ = parse_ast(args.foreign)
    fout = ["/* Generated by tests/abi/gen-list.py; do not edit. */"]
    for ft in sorted(foreign):
        if not ft.endswith("_x86_64") or not ft.startswith("struct "):
            continue
        t = ft[: -len("_x86_64")]
        base = t.split()[-1]
        if t not in ours:
            errors.append(f"{ft}: foreign/x86_64.h has it, we do not")
            continue
        mine, theirs = dict(ours[t]), dict(foreign[ft])
        fout.append(f"SA({base})")
        for d in sorted(set(mine) | set(theirs)):
            if d not in mine or d not in theirs:
                if key(t, d) not in excluded:
                    side = "ours" if d in mine else "foreign/x86_64.h"
                    errors.append(f"{t}.{d}: only in {side}")
                continue
            if mine[d] == "f":
                fout.append(f"FA({base}, {d})")
    with open(args.foreign_out, "w") as f:
        f.write("\n".join(fout) + "\n")

    for e in errors:
        print(f"gen-list: {e}", file=sys.stderr)
    with open(args.o, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"gen-list: {sum(1 for l in out if l[0] in 'SFG')} layout and "
          f"{sum(1 for l in out if l.startswith('C('))} constant entries, "
          f"{len(errors)} name errors", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Generates the Unicode 14.0.0 tables of ember's `unicodedata` module.

Run under CPython 3.11 (whose `unicodedata` is exactly Unicode 14.0.0 and whose
`unicodedata.ucd_3_2_0` is the Unicode 3.2.0 view the `idna` codec uses):

    python3 stdlib/src/unicodedata/gen_tables.py [NameAliases.txt] [NamedSequences.txt]

It writes `tables.rs` and the binary blobs in `data/` beside this script. Every
property is read from the running CPython, so the tables give CPython's answers by
construction. The two text files supply the lists CPython's module cannot enumerate:
name aliases and named sequences. Any version from 14.0.0 on will do, because only the
entries CPython's own `unicodedata.lookup` accepts are kept (aliases and sequences are
never removed from Unicode). Defaults: the copies shipped with Perl 5.36 (Unicode 14.0)
and with the `unicode_names2` crate in the cargo registry.
"""

import glob
import os
import re
import struct
import sys
import unicodedata as U

assert sys.version_info[:2] == (3, 11), "run under CPython 3.11"
assert U.unidata_version == "14.0.0"
U32 = U.ucd_3_2_0

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
NCP = 0x110000

CATEGORIES = ["Cn", "Lu", "Ll", "Lt", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl",
              "Zp", "Cc", "Cf", "Cs", "Co", "Cn", "Lm", "Lo", "Pc", "Pd", "Ps", "Pe",
              "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"]
CATEGORIES = list(dict.fromkeys(CATEGORIES))
BIDI = ["", "L", "LRE", "LRO", "R", "AL", "RLE", "RLO", "PDF", "EN", "ES", "ET", "AN",
        "CS", "NSM", "BN", "B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"]
EAW = ["F", "H", "W", "Na", "A", "N"]

# Record flags.
MIRRORED = 1
UNASSIGNED_3_2 = 2  # unassigned in Unicode 3.2: no name, no decomposition there


def default_paths():
    aliases = sorted(glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/unicode_names2-*/data/NameAliases.txt")))
    seqs = sorted(glob.glob("/usr/share/perl/*/unicore/NamedSequences.txt"))
    return (aliases[-1] if aliases else None, seqs[-1] if seqs else None)


def two_level(values, name):
    """The smallest two-level table (index1 >> shift, then a deduplicated block)."""
    best = None
    for shift in range(4, 11):
        size = 1 << shift
        blocks = {}
        index1 = []
        index2 = []
        for i in range(0, NCP, size):
            block = tuple(values[i:i + size])
            if block not in blocks:
                blocks[block] = len(index2) >> shift
                index2.extend(block)
            index1.append(blocks[block])
        total = len(index1) + len(index2)
        if best is None or total < best[0]:
            best = (total, shift, index1, index2)
    _, shift, index1, index2 = best
    assert max(index1) < 65536 and max(index2) < 65536
    blob = struct.pack("<%dH" % len(index1), *index1) + struct.pack("<%dH" % len(index2), *index2)
    write(name, blob)
    return shift, len(index1)


def write(name, blob):
    with open(os.path.join(DATA, name), "wb") as f:
        f.write(blob)


def record_of(db, c, flags_extra=0):
    ch = chr(c)
    numeric = db.numeric(ch, None)
    return (
        CATEGORIES.index(db.category(ch)),
        db.combining(ch),
        BIDI.index(db.bidirectional(ch)),
        EAW.index(db.east_asian_width(ch)),
        (MIRRORED if db.mirrored(ch) else 0) | flags_extra,
        db.decimal(ch, 255),
        db.digit(ch, 255),
        numeric,
    )


def main():
    os.makedirs(DATA, exist_ok=True)
    alias_path, seq_path = default_paths()
    if len(sys.argv) > 1:
        alias_path = sys.argv[1]
    if len(sys.argv) > 2:
        seq_path = sys.argv[2]

    # ----- property records -----
    numerics = []
    records = {}
    rec_list = []

    def intern(rec):
        num = rec[7]
        if num is None:
            ni = 255
        else:
            if num not in numerics:
                numerics.append(num)
            ni = numerics.index(num)
        key = rec[:7] + (ni,)
        if key not in records:
            records[key] = len(rec_list)
            rec_list.append(key)
        return records[key]

    props = []
    props32 = []
    for c in range(NCP):
        props.append(intern(record_of(U, c)))
        un32 = U32.category(chr(c)) == "Cn"
        props32.append(intern(record_of(U32, c, UNASSIGNED_3_2 if un32 else 0)))
    assert len(numerics) < 255 and len(rec_list) < 65536
    write("records.bin", b"".join(bytes(r) for r in rec_list))
    write("numeric.bin", struct.pack("<%dd" % len(numerics), *numerics))
    props_shift, props_split = two_level(props, "props.bin")
    props32_shift, props32_split = two_level(props32, "props32.bin")

    # ----- decompositions -----
    prefixes = [""]
    decomp_words = [0]  # offset 0: no decomposition
    decomp_ix = [0] * NCP
    seen = {}
    for c in range(NCP):
        d = U.decomposition(chr(c))
        if not d:
            continue
        parts = d.split()
        prefix = ""
        if parts[0].startswith("<"):
            prefix = parts.pop(0)
        if prefix not in prefixes:
            prefixes.append(prefix)
        key = (prefix, tuple(int(p, 16) for p in parts))
        if key not in seen:
            seen[key] = len(decomp_words)
            decomp_words.append(prefixes.index(prefix) | (len(key[1]) << 8))
            decomp_words.extend(key[1])
        decomp_ix[c] = seen[key]
        # The 3.2 view gives the same mapping unless the character was unassigned then.
        d32 = U32.decomposition(chr(c))
        assert d32 == ("" if U32.category(chr(c)) == "Cn" else d), hex(c)
    assert len(decomp_words) < 65536
    write("decomp.bin", struct.pack("<%dI" % len(decomp_words), *decomp_words))
    decomp_shift, decomp_split = two_level(decomp_ix, "decomp_index.bin")

    # ----- canonical composition pairs (primary composites) -----
    pairs = []
    for c in range(NCP):
        d = U.decomposition(chr(c))
        if not d or d.startswith("<"):
            continue
        parts = [int(p, 16) for p in d.split()]
        if len(parts) == 2 and U.normalize("NFC", chr(c)) == chr(c):
            pairs.append((parts[0], parts[1], c))
    pairs.sort()
    write("compose.bin", b"".join(struct.pack("<III", *p) for p in pairs))

    # Unicode 3.2 normalization corrections: characters whose 3.2 decomposition is the
    # uncorrected one (a single other code point).
    corrections = []
    for c in range(NCP):
        ch = chr(c)
        if U32.category(ch) == "Cn" or 0xD800 <= c < 0xE000:
            continue
        a = U32.normalize("NFD", ch)
        b = U.normalize("NFD", ch)
        if a != b:
            corrections.append(c)
    corr_pairs = []
    for c in corrections:
        old = U32.normalize("NFD", chr(c))
        assert len(old) == 1 and U.decomposition(old) == "", hex(c)
        corr_pairs.append((c, ord(old)))

    # ----- names -----
    hangul = range(0xAC00, 0xD7A4)
    cjk = []
    stored = {}
    for c in range(NCP):
        n = U.name(chr(c), None)
        n32 = U32.name(chr(c), None)
        assert n32 == (None if U32.category(chr(c)) == "Cn" else n), hex(c)
        if n is None or c in hangul:
            continue
        if n == "CJK UNIFIED IDEOGRAPH-%X" % c:
            if cjk and cjk[-1][1] == c - 1:
                cjk[-1][1] = c
            else:
                cjk.append([c, c])
            continue
        stored[c] = n
    tokens = {}
    split = {}
    for c, n in stored.items():
        parts = re.findall(r"[^ -]+[ -]?|[ -]", n)
        assert "".join(parts) == n
        split[c] = parts
        for p in parts:
            tokens[p] = tokens.get(p, 0) + 1
    words = sorted(tokens, key=lambda w: (-tokens[w], w))
    assert len(words) < 32768
    windex = {w: i for i, w in enumerate(words)}
    lexicon = bytearray()
    lex_offsets = []
    for w in words:
        lex_offsets.append(len(lexicon))
        lexicon += w.encode("ascii")
    lex_offsets.append(len(lexicon))
    phrase = bytearray()
    name_offsets = [0]
    name_ix = [0] * NCP
    for c in sorted(stored):
        for p in split[c]:
            i = windex[p]
            if i < 128:
                phrase.append(i)
            else:
                phrase += bytes([0x80 | (i >> 8), i & 0xFF])
        name_ix[c] = len(name_offsets)
        name_offsets.append(len(phrase))
    assert len(name_offsets) < 65536
    write("lexicon.bin", bytes(lexicon))
    write("lexicon_offsets.bin", struct.pack("<%dI" % len(lex_offsets), *lex_offsets))
    write("phrases.bin", bytes(phrase))
    write("name_offsets.bin", struct.pack("<%dI" % len(name_offsets), *name_offsets))
    names_shift, names_split = two_level(name_ix, "names.bin")

    # ----- aliases and named sequences (only those CPython's lookup accepts) -----
    aliases = []
    if alias_path:
        for line in open(alias_path, encoding="utf-8"):
            line = line.split("#")[0].strip()
            if not line:
                continue
            cp, alias, _kind = line.split(";")
            c = int(cp, 16)
            try:
                ok = U.lookup(alias) == chr(c)
            except KeyError:
                ok = False
            if ok and U.name(chr(c), None) != alias:
                aliases.append((alias, c))
    sequences = []
    if seq_path:
        for line in open(seq_path, encoding="utf-8"):
            line = line.split("#")[0].strip()
            if not line:
                continue
            name, cps = line.split(";")
            seq = "".join(chr(int(p, 16)) for p in cps.split())
            try:
                ok = U.lookup(name) == seq
            except KeyError:
                ok = False
            if ok:
                sequences.append((name, seq))
    extra = bytearray()
    for alias, c in aliases:
        extra += b"A" + alias.encode() + b";" + b"%X" % c + b"\n"
    for name, seq in sequences:
        extra += b"S" + name.encode() + b";" + " ".join("%X" % ord(x) for x in seq).encode() + b"\n"
    write("aliases.txt", bytes(extra))

    # ----- the Rust side -----
    def strs(xs):
        return ", ".join('"%s"' % x for x in xs)

    out = []
    out.append("//! Generated by `stdlib/src/unicodedata/gen_tables.py` from CPython 3.11's")
    out.append("//! `unicodedata` (Unicode %s, and its `ucd_3_2_0` view); do not edit." % U.unidata_version)
    out.append("//! Regenerate with `python3 stdlib/src/unicodedata/gen_tables.py` under CPython 3.11.")
    out.append("//! Data: %d property records, %d decompositions, %d composition pairs, %d stored"
               % (len(rec_list), len(seen), len(pairs), len(stored)))
    out.append("//! names in %d words, %d aliases, %d named sequences." % (len(words), len(aliases), len(sequences)))
    out.append("")
    out.append("use super::db::Table;")
    out.append("")
    out.append("pub(super) const UNIDATA_VERSION: &str = \"%s\";" % U.unidata_version)
    out.append("pub(super) const CATEGORIES: [&str; %d] = [%s];" % (len(CATEGORIES), strs(CATEGORIES)))
    out.append("pub(super) const BIDIRECTIONAL: [&str; %d] = [%s];" % (len(BIDI), strs(BIDI)))
    out.append("pub(super) const EAST_ASIAN_WIDTH: [&str; %d] = [%s];" % (len(EAW), strs(EAW)))
    out.append("pub(super) const DECOMP_PREFIXES: [&str; %d] = [%s];" % (len(prefixes), strs(prefixes)))
    out.append("pub(super) const MIRRORED: u8 = %d;" % MIRRORED)
    out.append("pub(super) const UNASSIGNED_3_2: u8 = %d;" % UNASSIGNED_3_2)
    out.append("/// Ranges whose names are `CJK UNIFIED IDEOGRAPH-<hex>` (CPython's `is_unified_ideograph`).")
    out.append("pub(super) const CJK_IDEOGRAPHS: [(u32, u32); %d] = [%s];"
               % (len(cjk), ", ".join("(0x%X, 0x%X)" % tuple(r) for r in cjk)))
    out.append("/// Unicode 3.2 normalization corrections: the uncorrected single-character mapping.")
    out.append("pub(super) const CORRECTIONS_3_2: [(u32, u32); %d] = [%s];"
               % (len(corr_pairs), ", ".join("(0x%X, 0x%X)" % p for p in corr_pairs)))
    out.append("")
    out.append("/// 8 bytes per record: category, combining, bidirectional, east asian width, flags,")
    out.append("/// decimal (255: none), digit (255: none), numeric index into NUMERIC (255: none).")
    out.append("pub(super) static RECORDS: &[u8] = include_bytes!(\"data/records.bin\");")
    out.append("/// Distinct numeric values, little-endian f64.")
    out.append("pub(super) static NUMERIC: &[u8] = include_bytes!(\"data/numeric.bin\");")
    for name, file, shift, split_ in [("PROPS", "props.bin", props_shift, props_split),
                                      ("PROPS_3_2", "props32.bin", props32_shift, props32_split),
                                      ("DECOMP_INDEX", "decomp_index.bin", decomp_shift, decomp_split),
                                      ("NAMES", "names.bin", names_shift, names_split)]:
        out.append("pub(super) static %s: Table = Table { shift: %d, split: %d, data: include_bytes!(\"data/%s\") };"
                   % (name, shift, split_, file))
    out.append("/// u32 words: at each index, `prefix | count << 8`, then `count` code points.")
    out.append("pub(super) static DECOMP: &[u8] = include_bytes!(\"data/decomp.bin\");")
    out.append("/// (first, second, composite) u32 triples sorted by (first, second).")
    out.append("pub(super) static COMPOSE: &[u8] = include_bytes!(\"data/compose.bin\");")
    out.append("/// Name words (each with its trailing space or hyphen) and their u32 offsets.")
    out.append("pub(super) static LEXICON: &[u8] = include_bytes!(\"data/lexicon.bin\");")
    out.append("pub(super) static LEXICON_OFFSETS: &[u8] = include_bytes!(\"data/lexicon_offsets.bin\");")
    out.append("/// Each name as word indices: one byte below 0x80, else two bytes big-endian with the")
    out.append("/// top bit set; name `i` spans NAME_OFFSETS[i - 1]..NAME_OFFSETS[i] (u32).")
    out.append("pub(super) static PHRASES: &[u8] = include_bytes!(\"data/phrases.bin\");")
    out.append("pub(super) static NAME_OFFSETS: &[u8] = include_bytes!(\"data/name_offsets.bin\");")
    out.append("/// Lines `A<alias>;<hex>` and `S<sequence name>;<hex> <hex>...`.")
    out.append("pub(super) static ALIASES: &str = include_str!(\"data/aliases.txt\");")
    with open(os.path.join(HERE, "tables.rs"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("records", len(rec_list), "numerics", len(numerics), "decomps", len(seen),
          "pairs", len(pairs), "corrections", corr_pairs, "names", len(stored),
          "words", len(words), "aliases", len(aliases), "sequences", len(sequences), "cjk", cjk)


if __name__ == "__main__":
    main()

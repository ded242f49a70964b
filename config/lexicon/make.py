#!/usr/bin/env python3
"""Build normwijzer's offline Dutch lexical resources (config/lexicon/).

Usage (from the repository root):

    python3 config/lexicon/make.py                 # download, verify, write
    python3 config/lexicon/make.py --cache DIR     # keep/reuse the downloaded packages in DIR
    python3 config/lexicon/make.py --odwn FILE     # Open Dutch WordNet synonym table to use

The files are written next to this script:

    lemmas.tsv          form -> lemma   (spaCy lookups data, MIT)
    frequencies.tsv     word -> Zipf    (wordfreq data, CC BY-SA 4.0)
    opentaal.txt        word list       (OpenTaal via Debian wdutch, BSD / CC BY 3.0)
    odwn-proposals.tsv  synonym proposals for human review (Open Dutch WordNet, CC BY-SA 4.0)
    NOTICE.md           sources, versions, sha256 sums, licences, what was changed

What it needs: Python 3.8+ (standard library only), `pip` (for `pip download`) and `apt-get`
(for `apt-get download`, after an `apt-get update`).  The packages are fetched by exact name
and version from PyPI and Debian and each downloaded file is checked against the sha256 sum
pinned below; a mismatch stops the script.  Nothing is installed: the wheels are read as zip
files, the .deb is unpacked in Python (ar + tar), and wordfreq's msgpack data is decoded by a
small reader in this file, so neither spaCy, wordfreq nor msgpack has to be installed.

odwn-proposals.tsv needs the synonym table from the project's shared resources
(default: <repo>/../shared/resources/odwn-synonyms.tsv) and the corpus (<repo>/corpus/*.txt);
without the table that file is left as it is and the rest is still written.

The output is deterministic: same pins + same inputs give byte-identical files (no dates, no
absolute paths, sorted rows).  The program must not read odwn-proposals.tsv: it holds
proposals that a person reviews before anything goes into config/synonyms.toml.
"""

import argparse
import glob
import gzip
import hashlib
import io
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
COMMAND = "python3 config/lexicon/make.py"

# ---------------------------------------------------------------------------------------------
# Pinned sources.  Change a version only together with its sha256.
# ---------------------------------------------------------------------------------------------
SPACY = {
    "registry": "PyPI",
    "name": "spacy-lookups-data",
    "version": "1.0.5",
    "file": "spacy_lookups_data-1.0.5-py2.py3-none-any.whl",
    "sha256": "466f21f087e4144bc93800679437ec5a17be7d0888734b1ba880b3ecb0978bc6",
}
WORDFREQ = {
    "registry": "PyPI",
    "name": "wordfreq",
    "version": "3.1.1",
    "file": "wordfreq-3.1.1-py3-none-any.whl",
    "sha256": "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473",
}
WDUTCH = {
    "registry": "Debian (bookworm, main)",
    "name": "wdutch",
    "version": "1:2.20.19-2",
    "file": "wdutch_2.20.19-2_all.deb",  # apt-get saves it as wdutch_1%3a2.20.19-2_all.deb
    "sha256": "79dc0dbbd9b3e029ba84423a804c635aca87105521962f9b4c3023399c94dc35",
}

# ---------------------------------------------------------------------------------------------
# Cuts (see NOTICE.md for why).
# ---------------------------------------------------------------------------------------------
FREQ_MIN_CENTI_ZIPF = 150        # frequencies.tsv: Zipf >= 1.50 (>= 1.00 would be 4.4 MB)
LEMMA_MAX_BYTES = 4_000_000      # above this lemmas.tsv keeps only forms wordfreq knows
OPENTAAL_MIN_LEN, OPENTAAL_MAX_LEN = 3, 20
OPENTAAL_MAX_BYTES = 3_000_000   # above this the OpenTaal list is cut (rule in cut_opentaal)
ODWN_MIN_ZIPF = 3.0              # odwn-proposals: a synonym outside the corpus needs this Zipf
ODWN_MAX_LEMMA_CENTI = 640       # odwn-proposals: skip lemmas this frequent (van, een, op, aan)

# Mappings that lemmas.tsv must contain; the script fails if one is missing.
LEMMA_CHECKS = [
    ("aangemeld", "aanmelden"), ("besproken", "bespreken"), ("geëvalueerd", "evalueren"),
    ("gepest", "pesten"), ("meldden", "melden"), ("betrokken", "betrekken"),
    ("vastgelegd", "vastleggen"), ("ingeschakeld", "inschakelen"), ("leerlingen", "leerling"),
    ("ouders", "ouder"), ("scholen", "school"), ("kinderen", "kind"),
]

# Hand review of spaCy's table (forms of Zipf >= 5, chain heads of Zipf >= 4.5 and every form of
# the corpus were read).  form -> correct lemma, or None: drop the row (the form stays itself).
# Most are adjectives, adverbs or function words that the lookup table sends to an unrelated
# or made-up verb or noun (nodig -> nodigen, het -> hebben, gelden -> geld).
LEMMA_FIXES = {
    "het": None, "er": None, "uit": None, "veel": None, "hoe": None, "mij": None, "jou": None,
    "jouw": None, "toe": None, "heel": None, "helen": None, "zonder": None, "nodig": None,
    "laatste": None, "zeker": None, "lang": None, "langs": None, "eerst": None, "leuk": None,
    "minder": None, "genoeg": None, "vast": None, "vrij": None, "slechts": None, "naast": None,
    "vol": None, "bezig": None, "slecht": None, "hard": None, "wakker": None, "hoog": None,
    "links": None, "welk": None, "stil": None, "frans": None, "engels": None, "warm": None,
    "ziek": None, "leeg": None, "puur": None, "vaag": None, "strikt": None, "plots": None,
    "helder": None, "nader": None, "dwars": None, "glad": None, "moedig": None, "zuiver": None,
    "matig": None, "machtig": None, "eindig": None, "monter": None, "louter": None,
    "lenig": None, "kwijt": None, "indien": None, "echter": None, "straks": None,
    "verkeerd": None, "gezond": None, "gereed": None, "beleefd": None, "geliefd": None,
    "verschuldigd": None, "bescheiden": None, "dronken": None, "gelaten": None,
    "geleden": None, "aangezien": None, "diens": None, "ingewikkeld": None,
    "laten": None, "dienen": None, "melden": None, "missen": None, "lijken": None,
    "hoeven": None, "vieren": None, "passen": None, "gelden": None, "raden": None,
    "wijzen": None, "laden": None, "achten": None, "opstellen": None, "stellen": None,
    "uitvoeren": None, "zagen": None, "vroeg": None, "baren": None, "spannen": None,
    "slagen": None, "heet": None, "gemiddeld": None, "art": None, "doden": None, "wegen": None,
    "weren": None, "treden": None, "heilig": None, "genaamd": None, "pools": None,
    "gezonde": "gezond",
    "waren": "zijn", "beter": "goed", "genomen": "nemen", "geboden": "bieden",
    "verbonden": "verbinden", "ingewikkelde": "ingewikkeld",
}

def letter_runs(text):
    """The tokens of a text: maximal runs of letters (str.isalpha), so "onderzoek¹" and
    "po-scholen" give "onderzoek" and "po", "scholen"."""
    return "".join(ch if ch.isalpha() else " " for ch in text).split()


OPENTAAL_SHAPE = re.compile(r"[a-zà-ÿ-]+")


def norm(s):
    """Lowercase + NFC: the form every file uses."""
    return unicodedata.normalize("NFC", s.lower())


def die(msg):
    sys.exit("make.py: ERROR: " + msg)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Downloading
# ---------------------------------------------------------------------------------------------
def fetch_pypi(src, dest):
    path = os.path.join(dest, src["file"])
    if not os.path.exists(path):
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", "-d", dest,
               "%s==%s" % (src["name"], src["version"])]
        print("+ " + " ".join(cmd), flush=True)
        r = subprocess.run(cmd)
        if r.returncode != 0 or not os.path.exists(path):
            die("could not download %s==%s from PyPI" % (src["name"], src["version"]))
    return check(src, path)


def fetch_deb(src, dest):
    path = os.path.join(dest, src["file"])
    if not os.path.exists(path):
        cmd = ["apt-get", "download", "-q", "%s=%s" % (src["name"], src["version"])]
        print("+ (cd %s && %s)" % (dest, " ".join(cmd)), flush=True)
        r = subprocess.run(cmd, cwd=dest)
        got = sorted(glob.glob(os.path.join(dest, src["name"] + "_*.deb")))
        if r.returncode != 0 or not got:
            die("could not download %s=%s with apt-get (run `apt-get update` first?)"
                % (src["name"], src["version"]))
        os.replace(got[0], path)
    return check(src, path)


def check(src, path):
    digest = sha256_file(path)
    if digest != src["sha256"]:
        die("sha256 mismatch for %s:\n  expected %s\n  got      %s"
            % (os.path.basename(path), src["sha256"], digest))
    print("ok  %s  %s" % (digest, src["file"]), flush=True)
    return path


# ---------------------------------------------------------------------------------------------
# Unpacking without the packages installed
# ---------------------------------------------------------------------------------------------
def wheel_member(path, member):
    with zipfile.ZipFile(path) as z:
        return z.read(member)


def deb_members(path, wanted):
    """Read files from a .deb (an ar archive holding data.tar.*) without dpkg."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"!<arch>\n":
        die("%s is not a .deb (ar) archive" % path)
    pos, tar_bytes = 8, None
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        body = data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            tar_bytes = body
            break
    if tar_bytes is None:
        die("no data.tar in %s" % path)
    out = {}
    with tarfile.open(fileobj=io.BytesIO(tar_bytes), mode="r:*") as t:
        for m in t.getmembers():
            key = m.name[2:] if m.name.startswith("./") else m.name
            if key in wanted and m.isfile():
                out[key] = t.extractfile(m).read()
    missing = [w for w in wanted if w not in out]
    if missing:
        die("missing in %s: %s" % (path, ", ".join(missing)))
    return out


def msgpack_decode(buf):
    """Minimal msgpack reader (enough for wordfreq's cBpack files)."""
    def rd(i):
        b = buf[i]
        i += 1
        if b <= 0x7F:
            return b, i
        if 0x80 <= b <= 0x8F:
            return rd_map(i, b & 0x0F)
        if 0x90 <= b <= 0x9F:
            return rd_arr(i, b & 0x0F)
        if 0xA0 <= b <= 0xBF:
            n = b & 0x1F
            return buf[i:i + n].decode("utf-8"), i + n
        if b >= 0xE0:
            return b - 0x100, i
        if b == 0xC0:
            return None, i
        if b == 0xC2:
            return False, i
        if b == 0xC3:
            return True, i
        fixed = {0xCA: ">f", 0xCB: ">d", 0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q",
                 0xD0: ">b", 0xD1: ">h", 0xD2: ">i", 0xD3: ">q"}
        if b in fixed:
            fmt = fixed[b]
            n = struct.calcsize(fmt)
            return struct.unpack(fmt, buf[i:i + n])[0], i + n
        lens = {0xD9: (">B", "str"), 0xDA: (">H", "str"), 0xDB: (">I", "str"),
                0xC4: (">B", "bin"), 0xC5: (">H", "bin"), 0xC6: (">I", "bin"),
                0xDC: (">H", "arr"), 0xDD: (">I", "arr"), 0xDE: (">H", "map"), 0xDF: (">I", "map")}
        if b in lens:
            fmt, kind = lens[b]
            k = struct.calcsize(fmt)
            n = struct.unpack(fmt, buf[i:i + k])[0]
            i += k
            if kind == "str":
                return buf[i:i + n].decode("utf-8"), i + n
            if kind == "bin":
                return bytes(buf[i:i + n]), i + n
            if kind == "arr":
                return rd_arr(i, n)
            return rd_map(i, n)
        die("unsupported msgpack type byte 0x%02x" % b)

    def rd_arr(i, n):
        out = []
        for _ in range(n):
            v, i = rd(i)
            out.append(v)
        return out, i

    def rd_map(i, n):
        out = {}
        for _ in range(n):
            k, i = rd(i)
            v, i = rd(i)
            out[k] = v
        return out, i

    value, end = rd(0)
    if end != len(buf):
        die("trailing bytes after msgpack value")
    return value


# ---------------------------------------------------------------------------------------------
# Building the tables
# ---------------------------------------------------------------------------------------------
def load_wordfreq(whl):
    """word -> Zipf in hundredths (int), from wordfreq/data/large_nl.msgpack.gz."""
    raw = gzip.decompress(wheel_member(whl, "wordfreq/data/large_nl.msgpack.gz"))
    data = msgpack_decode(raw)
    header, buckets = data[0], data[1:]
    if header != {"format": "cB", "version": 1}:
        die("unexpected wordfreq header %r" % (header,))
    centi = {}
    for i, bucket in enumerate(buckets):      # bucket i holds the words at -i centibels
        for w in bucket:
            w = norm(w)
            if w not in centi:                 # wordfreq itself keeps the first (highest)
                centi[w] = 900 - i             # Zipf = (cB + 900) / 100
    return centi


def zipf1(c):
    """Zipf in hundredths -> one decimal, rounding half up on the exact value."""
    t = (c + 5) // 10
    return "%d.%d" % (t // 10, t % 10)


def build_lemmas(whl):
    base = "spacy_lookups_data/data/"
    lookup = json.loads(gzip.decompress(wheel_member(whl, base + "nl_lemma_lookup.json.gz")))
    exc = json.loads(gzip.decompress(wheel_member(whl, base + "nl_lemma_exc.json.gz")))
    index = json.loads(gzip.decompress(wheel_member(whl, base + "nl_lemma_index.json.gz")))
    rows, stats = {}, {"lookup_entries": len(lookup)}
    seen = set()
    for form in sorted(lookup):
        f, l = norm(form), norm(lookup[form])
        seen.add(f)
        if f != l and f not in rows:
            rows[f] = l
    stats["from_lookup"] = len(rows)
    # spaCy's lookup table leaves out many irregular, very common forms (ouders, scholen,
    # kinderen, betrokken) that only its rule lemmatizer's exception table has.  Add those,
    # for forms that the lookup table does not cover: a noun reading first; a form that is
    # itself a noun lemma (onderwijs, school, ouder) stays itself; then verb, adj, others.
    noun_lemmas = set(norm(w) for w in index.get("noun", []))
    order = ["noun", "verb", "adj", "adv", "adp", "det", "pron"]
    order += sorted(p for p in exc if p not in order)
    forms = sorted(set(norm(f) for p in exc for f in exc[p]))
    lowered = {p: {} for p in exc}
    for p in exc:
        for f in sorted(exc[p]):
            lowered[p].setdefault(norm(f), [norm(x) for x in exc[p][f]])
    added = 0
    for f in forms:
        if f in seen:
            continue
        lemma = None
        if f in lowered.get("noun", {}):
            lemma = lowered["noun"][f][0]
        elif f not in noun_lemmas:
            for p in order:
                if f in lowered.get(p, {}):
                    lemma = lowered[p][f][0]
                    break
        if lemma and lemma != f:
            rows[f] = lemma
            added += 1
    stats["from_exceptions"] = added
    # hand fixes
    fixed = 0
    for f in sorted(LEMMA_FIXES):
        l = LEMMA_FIXES[f]
        if l is None:
            fixed += rows.pop(f, None) is not None
        elif rows.get(f) != l:
            rows[f] = l
            fixed += 1
    stats["fixed"] = fixed
    stats["adj_lemmas"] = set(norm(w) for w in index.get("adj", []))
    return rows, stats


def resolve_chains(rows, adj_lemmas):
    """Make the mapping idempotent: one lookup gives the final lemma.

    spaCy's table has chains: gemaakter -> gemaakt -> maken, regelt -> regelen -> regel, so a
    query "regelt" (-> regelen) would miss a text's "regelen" (-> regel).  Each form is sent to
    the end of its chain.  First, a row that sends an adjective to a made-up verb of the same
    spelling plus -en (noordelijk -> noordelijken, nuttig -> nuttigen) is dropped, since the
    chain would carry its error to every inflected form (noordelijke).  Forms caught in a
    cycle keep their own row.
    """
    def pseudo_verb(f, l):
        return (f in adj_lemmas and not f.endswith(("d", "t", "e"))
                and l in (f + "en", f + f[-1] + "en", f + "n"))
    kept = {f: l for f, l in rows.items() if not pseudo_verb(f, l)}
    out, followed, cycles = {}, 0, 0
    for f in sorted(kept):
        seen, l = [f], kept[f]
        while l in kept and l not in seen:
            seen.append(l)
            l = kept[l]
        if l in seen:                      # cycle: keep the form's own row
            cycles += 1
            l = kept[f]
        followed += l != kept[f]
        if l != f:
            out[f] = l
    # a cycle can leave a lemma that is still a form: drop such rows' targets' rows
    while True:
        bad = {l for l in out.values() if l in out}
        if not bad:
            break
        for f in bad:
            out.pop(f)
    return out, {"pseudo_verbs_dropped": len(rows) - len(kept), "chains_followed": followed,
                 "cycles": cycles}


def cut_lemmas(rows, freq):
    """Keep a row only if wordfreq knows the form (drops rare and odd forms)."""
    return {f: l for f, l in rows.items() if f in freq}


def freq_ok(w):
    return (w and not any(ch.isdigit() or ch.isspace() for ch in w)
            and all(unicodedata.category(ch)[0] != "C" for ch in w))


def build_opentaal(text):
    words = set()
    dropped_space = 0
    for line in text.splitlines():
        w = norm(line.strip())
        if not w:
            continue
        if any(ch.isspace() for ch in w):
            dropped_space += 1
            continue
        if OPENTAAL_MIN_LEN <= len(w) <= OPENTAAL_MAX_LEN:
            words.add(w)
    return words, dropped_space


NAME_MIN_LEN, NAME_MAX_LEN = 2, 20


def build_names(text):
    """Entries written with a capital (`Bram`, `Lelystad`), each marked `ook` when the list
    has the word in lower case too (`bram`, a sail)."""
    entries = {unicodedata.normalize("NFC", l.strip()) for l in text.splitlines()}
    names = {}
    for e in entries:
        if (NAME_MIN_LEN <= len(e) <= NAME_MAX_LEN and e[0].isupper() and e[1:].islower()
                and e.isalpha()):
            names[norm(e)] = e.lower() in entries
    return names


LINKS = ("s", "e", "en", "-")


def splits_in_two(w, words):
    """True if w = a + b (or a + linking s/e/en/- + b) with a and b words of >= 3 letters."""
    for i in range(3, len(w) - 2):
        a, b = w[:i], w[i:]
        if b.startswith("-"):
            b = b[1:]
        if len(b) < 3 or b not in words:
            continue
        if a in words:
            return True
        for link in LINKS:
            if a.endswith(link) and len(a) - len(link) >= 3 and a[:-len(link)] in words:
                return True
    return False


def cut_opentaal(words, freq):
    """Keep words wordfreq knows, and other words of >= 4 letters made only of [a-zà-ÿ-]
    unless they split into two words of the list (such compounds can be rebuilt from their
    parts, which stay)."""
    return {w for w in words
            if w in freq or (len(w) >= 4 and OPENTAAL_SHAPE.fullmatch(w)
                             and not splits_in_two(w, words))}


def corpus_tokens():
    toks = []
    for path in sorted(glob.glob(os.path.join(REPO, "corpus", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # leave out the TOML front matter (+++ ... +++): metadata, not document text
        if text.startswith("+++"):
            end = text.find("\n+++", 3)
            if end != -1:
                text = text[end + 4:]
        toks.extend(norm(t) for t in letter_runs(text))
    return toks


def build_proposals(odwn_path, lemmas, freq):
    toks = corpus_tokens()
    forms = set(toks)
    vocab = forms | {lemmas[f] for f in forms if f in lemmas}
    stream = " " + " ".join(toks) + " "

    def zipf_centi(phrase):
        parts = letter_runs(phrase)
        if not parts or any(p not in freq for p in parts):
            return None
        inv = sum(1.0 / 10 ** ((freq[p] - 900) / 100.0) for p in parts)  # 1/f = sum 1/f_i
        return int(math.floor((math.log10(1.0 / inv) + 9) * 100 + 0.5))

    def in_corpus(phrase):
        parts = letter_runs(phrase)
        if len(parts) == 1:
            return parts[0] in vocab
        return (" " + " ".join(parts) + " ") in stream

    syn_ok = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*")
    pairs = set()
    n_lemmas = set()
    with open(odwn_path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            cols = line.rstrip("\n").split("\t")
            if i == 0 and cols[0] == "lemma":
                continue
            lemma = norm(cols[0].strip())
            if (lemma not in vocab or len(lemma) < 3
                    or freq.get(lemma, 0) >= ODWN_MAX_LEMMA_CENTI):
                continue
            for s in cols[1:]:
                s = norm(" ".join(s.split()))
                if not s or s == lemma or not syn_ok.fullmatch(s):
                    continue
                c = zipf_centi(s)
                inc = in_corpus(s)
                if inc or (c is not None and c >= ODWN_MIN_ZIPF * 100):
                    pairs.add((lemma, s, zipf1(c) if c is not None else "-", "yes" if inc else "no"))
                    n_lemmas.add(lemma)
    return sorted(pairs), len(n_lemmas), len(vocab)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
def write(name, header, lines):
    path = os.path.join(HERE, name)
    body = "".join("# " + h + "\n" if h else "#\n" for h in header)
    body += "".join(l + "\n" for l in lines)
    data = body.encode("utf-8")
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)
    print("wrote %-20s %9d bytes %8d rows" % (name, len(data), len(lines)), flush=True)
    return len(data)


def src_line(src):
    return "%s %s (%s, file %s, sha256 %s)" % (src["name"], src["version"], src["registry"],
                                                src["file"], src["sha256"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", help="directory to keep/reuse downloaded packages in")
    ap.add_argument("--odwn", default=os.path.join(os.path.dirname(REPO), "shared", "resources",
                                                   "odwn-synonyms.tsv"),
                    help="Open Dutch WordNet synonym table (lemma<TAB>synonym...)")
    args = ap.parse_args()

    tmp = None
    if args.cache:
        dest = os.path.abspath(args.cache)
        os.makedirs(dest, exist_ok=True)
    else:
        tmp = dest = tempfile.mkdtemp(prefix="normwijzer-lexicon-")
    try:
        spacy_whl = fetch_pypi(SPACY, dest)
        wf_whl = fetch_pypi(WORDFREQ, dest)
        deb = fetch_deb(WDUTCH, dest)
        run(spacy_whl, wf_whl, deb, args.odwn)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def run(spacy_whl, wf_whl, deb, odwn_path):
    spacy_licence = wheel_member(spacy_whl, "spacy_lookups_data-1.0.5.dist-info/LICENSE").decode()
    spacy_copyright = next(l.strip() for l in spacy_licence.splitlines() if l.startswith("Copyright"))
    if "MIT License" not in spacy_licence:
        die("spacy-lookups-data licence is not MIT any more; review NOTICE.md")

    # --- frequencies.tsv -------------------------------------------------------------------
    freq = load_wordfreq(wf_whl)
    freq_rows = sorted((w, c) for w, c in freq.items() if c >= FREQ_MIN_CENTI_ZIPF and freq_ok(w))
    n_freq_dropped = sum(1 for w, c in freq.items() if c >= FREQ_MIN_CENTI_ZIPF and not freq_ok(w))
    wf_attr = [
        "Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). This table is",
        "derived from the wordfreq data and is itself licensed under CC BY-SA 4.0.",
        "Attribution: wordfreq by Robyn Speer, https://github.com/rspeer/wordfreq,",
        "doi:10.5281/zenodo.7199437 (code Apache-2.0, data CC BY-SA 4.0). Its Dutch data draws on",
        "SUBTLEX-NL (Keuleers, Brysbaert & New 2010; freely available data, credit the SUBTLEX",
        "authors), OpenSubtitles 2018 via OPUS, Wikipedia, ParaCrawl, OSCAR, Google Books Ngrams",
        "(http://books.google.com/ngrams) and Twitter word counts.",
    ]
    write("frequencies.tsv", [
        "Dutch word frequencies (Zipf scale: log10 of occurrences per billion words).",
        "Source: " + src_line(WORDFREQ) + ", file wordfreq/data/large_nl.msgpack.gz.",
        "Changed: lowercased + NFC; kept Zipf >= %.1f; dropped entries with digits, whitespace or" % (FREQ_MIN_CENTI_ZIPF / 100),
        "control characters (wordfreq's digit placeholders); Zipf rounded half up to one decimal.",
        ] + wf_attr + ["Made by: " + COMMAND, "Format: word<TAB>zipf, sorted by word (byte order)."],
        ["%s\t%s" % (w, zipf1(c)) for w, c in freq_rows])

    # --- lemmas.tsv --------------------------------------------------------------------------
    lem_raw, lstats = build_lemmas(spacy_whl)
    lem_all, cstats = resolve_chains(lem_raw, lstats.pop("adj_lemmas"))
    lstats.update(cstats)
    assert not any(l in lem_all for l in lem_all.values())
    full_bytes = sum(len(("%s\t%s\n" % kv).encode()) for kv in lem_all.items())
    lemmas = cut_lemmas(lem_all, freq) if full_bytes > LEMMA_MAX_BYTES else lem_all
    missing = [(f, l) for f, l in LEMMA_CHECKS if lemmas.get(f) != l]
    if missing:
        die("lemmas.tsv check failed: " + ", ".join("%s->%s (got %s)" % (f, l, lemmas.get(f))
                                                     for f, l in missing))
    write("lemmas.tsv", [
        "Dutch word form -> lemma.",
        "Source: " + src_line(SPACY) + ",",
        "files spacy_lookups_data/data/nl_lemma_lookup.json.gz (%d rows taken) and" % lstats["from_lookup"],
        "nl_lemma_exc.json.gz (%d irregular forms the lookup table lacks, e.g. ouders, scholen," % lstats["from_exceptions"],
        "kinderen; noun reading first, a form that is a noun lemma itself is left alone).",
        "%d rows changed or dropped by hand (LEMMA_FIXES in make.py); %d adjective -> made-up verb" % (lstats["fixed"], lstats["pseudo_verbs_dropped"]),
        "rows dropped (nuttig -> nuttigen); chains followed (regelt -> regelen -> regel gives",
        "regelt -> regel; %d rows) so that no lemma is itself a form: one lookup is final." % lstats["chains_followed"],
        "Changed: lowercased + NFC; kept rows with form != lemma; " + (
            "as %d bytes > %d, kept only forms that" % (full_bytes, LEMMA_MAX_BYTES) if lemmas is not lem_all else "not cut."),
        ] + ([
        "wordfreq %s knows at any frequency (large_nl): %d of %d rows." % (WORDFREQ["version"], len(lemmas), len(lem_all))]
        if lemmas is not lem_all else []) + [
        "Licence: MIT. " + spacy_copyright + ". Permission is hereby granted, free of charge, ...",
        "(full MIT text in NOTICE.md; the notice must be kept with copies).",
        "Made by: " + COMMAND,
        "Format: form<TAB>lemma, sorted by form (byte order).",
    ], ["%s\t%s" % (f, lemmas[f]) for f in sorted(lemmas)])

    # --- opentaal.txt ------------------------------------------------------------------------
    files = deb_members(deb, ["usr/share/dict/dutch", "usr/share/doc/wdutch/copyright"])
    copyright_text = files["usr/share/doc/wdutch/copyright"].decode("utf-8")
    if "OpenTaal" not in copyright_text or "BSD" not in copyright_text:
        die("wdutch copyright no longer names OpenTaal/BSD; review NOTICE.md")
    ot_all, ot_space = build_opentaal(files["usr/share/dict/dutch"].decode("utf-8"))
    ot_bytes = sum(len(w.encode()) + 1 for w in ot_all)
    ot = ot_all
    cut_note = "not cut (%d bytes <= %d)." % (ot_bytes, OPENTAAL_MAX_BYTES)
    if ot_bytes > OPENTAAL_MAX_BYTES:
        ot = cut_opentaal(ot_all, freq)
        cut_note = ("Cut as %d bytes > %d: kept words wordfreq knows, and other words of >= 4\n"
                    "letters made only of [a-zà-ÿ-] that do not split into two list words (>= 3 letters\n"
                    "each, optional linking s/e/en/-): %d of %d kept." % (ot_bytes, OPENTAAL_MAX_BYTES, len(ot), len(ot_all)))
    write("opentaal.txt", [
        "Dutch word list of OpenTaal, for checking compound splits.",
        "Source: " + src_line(WDUTCH) + ", file /usr/share/dict/dutch.",
        "Word list (c) 2006-2010, 2020 OpenTaal (Simon Brouwer, Sander van Geloven); (c) 2001-2005",
        "Simon Brouwer e.a.; (c) 1996 Nederlandstalige Tex Gebruikersgroep. https://www.opentaal.org/",
        "Licence: OpenTaal offers it under BSD (revised) or CC BY 3.0 (user's choice); used here",
        "under the revised BSD licence, text in NOTICE.md. The original work has been modified.",
        "Changed: lowercased + NFC; deduplicated; dropped %d multi-word entries; kept %d-%d characters;" % (ot_space, OPENTAAL_MIN_LEN, OPENTAAL_MAX_LEN),
        ] + cut_note.split("\n") + [
        "Made by: " + COMMAND,
        "Format: one word per line, sorted (byte order).",
    ], sorted(ot))

    # --- names.txt ---------------------------------------------------------------------------
    names = build_names(files["usr/share/dict/dutch"].decode("utf-8"))
    write("names.txt", [
        "Words that OpenTaal lists with a capital (first names, places, brands): a question",
        "word written like one is taken for a name, not a subject; one marked `ook` is also",
        "listed in lower case (bram, a sail), so only its capital makes it a name.",
        "Source: " + src_line(WDUTCH) + ", file /usr/share/dict/dutch; licence as opentaal.txt",
        "(revised BSD, text in NOTICE.md). The original work has been modified.",
        "Changed: kept single words of %d-%d letters whose first letter is a capital and the rest" % (NAME_MIN_LEN, NAME_MAX_LEN),
        "lower case; lowercased + NFC.",
        "Made by: " + COMMAND,
        "Format: word, or word<TAB>ook; sorted (byte order).",
    ], ["%s\took" % w if both else w for w, both in sorted(names.items())])

    # --- odwn-proposals.tsv ------------------------------------------------------------------
    odwn_note = None
    if os.path.exists(odwn_path):
        odwn_sha = sha256_file(odwn_path)
        props, n_lem, n_vocab = build_proposals(odwn_path, lemmas, freq)
        write("odwn-proposals.tsv", [
            "PROPOSALS ONLY, reviewed by hand before anything goes into config/synonyms.toml;",
            "never loaded by the program. CC BY-SA 4.0 Open Dutch WordNet.",
            "Cite: Marten Postma, Emiel van Miltenburg, Roxane Segers, Anneleen Schoen and Piek Vossen",
            "(2016), \"Open Dutch WordNet\", Proceedings of the Eighth Global Wordnet Conference,",
            "Bucharest. Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this",
            "derived table is under CC BY-SA 4.0 as well. Zipf column: wordfreq %s (CC BY-SA 4.0)." % WORDFREQ["version"],
            "Input: odwn-synonyms.tsv (shared resources, sha256 %s)." % odwn_sha,
            "Kept: ODWN lemmas (3+ letters, Zipf < %.1f: no function words) found in the corpus" % (ODWN_MAX_LEMMA_CENTI / 100),
            "vocabulary (%d lowercased letter-only forms of" % n_vocab,
            "corpus/*.txt plus their lemmas.tsv lemmas); per lemma only synonyms in that vocabulary",
            "(multi-word: the phrase occurs in the corpus) or with wordfreq Zipf >= %.1f." % ODWN_MIN_ZIPF,
            "Word senses are mixed: most rows are wrong for this domain.",
            "Made by: " + COMMAND,
            "Format: corpus_word<TAB>synonym<TAB>zipf_of_synonym ('-' if unknown)<TAB>in_corpus, sorted.",
        ], ["\t".join(p) for p in props])
        odwn_note = (odwn_sha, len(props), n_lem)
    else:
        print("note: %s not found; odwn-proposals.tsv left as it is" % odwn_path)
        odwn_note = existing_proposals_note()

    write_notice(spacy_licence, spacy_copyright, copyright_text, lstats, len(lem_all),
                 len(lemmas), len(freq_rows), n_freq_dropped, len(freq), ot_space, len(ot_all), len(ot),
                 odwn_note)


def existing_proposals_note():
    """(input sha256, rows, lemmas) of an odwn-proposals.tsv written earlier, for NOTICE.md."""
    path = os.path.join(HERE, "odwn-proposals.tsv")
    if not os.path.exists(path):
        return None
    sha, rows, lemmas = "?", 0, set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                m = re.search(r"sha256 ([0-9a-f]{64})", line)
                if m:
                    sha = m.group(1)
            elif line.strip():
                rows += 1
                lemmas.add(line.split("\t")[0])
    return (sha, rows, len(lemmas))


def write_notice(spacy_licence, spacy_copyright, ot_copyright, lstats, n_lem_all, n_lem,
                 n_freq, n_freq_dropped, n_freq_total, ot_space, n_ot_all, n_ot, odwn_note):
    bsd = ot_copyright[ot_copyright.index("BSD-license (revised version)"):
                       ot_copyright.index("Creative Commons, Attribution 3.0 Unported")]
    bsd = bsd.rstrip().rstrip("*").rstrip()
    out = []
    a = out.append
    a("# Lexical resources: sources and licences")
    a("")
    a("Generated by `%s` (do not edit by hand; change the script and run it again)." % COMMAND)
    a("Every package is downloaded by exact name and version and checked against the sha256 below.")
    a("All files are lowercased, Unicode NFC, UTF-8, `#` comment lines first, rows sorted in byte order.")
    a("")
    a("| file | source package | version | registry | sha256 of the downloaded file | licence |")
    a("| --- | --- | --- | --- | --- | --- |")
    a("| lemmas.tsv | %s (`%s`) | %s | %s | `%s` | MIT |" % (SPACY["name"], SPACY["file"], SPACY["version"], SPACY["registry"], SPACY["sha256"]))
    a("| frequencies.tsv | %s (`%s`) | %s | %s | `%s` | data CC BY-SA 4.0 (code Apache-2.0) |" % (WORDFREQ["name"], WORDFREQ["file"], WORDFREQ["version"], WORDFREQ["registry"], WORDFREQ["sha256"]))
    a("| opentaal.txt | %s (`%s`) | %s | %s | `%s` | OpenTaal: BSD (revised) or CC BY 3.0 |" % (WDUTCH["name"], WDUTCH["file"], WDUTCH["version"], WDUTCH["registry"], WDUTCH["sha256"]))
    if odwn_note:
        a("| odwn-proposals.tsv | Open Dutch WordNet synonym table from the project's shared resources (`odwn-synonyms.tsv`) | - | - | `%s` (input file) | CC BY-SA 4.0 |" % odwn_note[0])
    a("")
    a("## lemmas.tsv — spaCy lookups data")
    a("")
    a("From `spacy_lookups_data/data/nl_lemma_lookup.json.gz` (%d entries; %d kept as form != lemma)" % (lstats["lookup_entries"], lstats["from_lookup"]))
    a("plus %d irregular forms from `nl_lemma_exc.json.gz` that the lookup table lacks (ouders, scholen," % lstats["from_exceptions"])
    a("kinderen, betrokken ...; a noun reading is preferred, a form that is itself a noun lemma in")
    a("`nl_lemma_index.json.gz` — onderwijs, school, ouder — is not mapped). Changed: lowercased and")
    a("NFC-normalised, rows with form == lemma dropped. %d rows were corrected or dropped after a" % lstats["fixed"])
    a("hand review of the most frequent forms, the chain heads and the corpus forms (`LEMMA_FIXES` in")
    a("make.py: mostly adjectives, adverbs and function words sent to a made-up verb, e.g. nodig →")
    a("nodigen, het → hebben, gelden → geld). Chains are then followed (regelt → regelen → regel")
    a("becomes regelt → regel; %d rows) so that no lemma is itself a form in the table: one lookup" % lstats["chains_followed"])
    a("gives the final lemma, and query and text forms of one word meet. Before that, %d rows that send" % lstats["pseudo_verbs_dropped"])
    a("an adjective lemma to a made-up verb of its own spelling + -en (noordelijk → noordelijken) are")
    a("dropped, so the error does not spread to the inflected forms. Result: %d rows. This" % n_lem_all)
    a("conflates verbs with their nouns (werkt → werk, vraagt → vraag) as a stemmer would.")
    if n_lem != n_lem_all:
        a("As that came to more than %d bytes, only forms that wordfreq %s knows at any frequency" % (LEMMA_MAX_BYTES, WORDFREQ["version"]))
        a("(its large_nl list, Zipf >= 1) are kept: %d rows. Rare inflections and odd forms go;" % n_lem)
        a("the checked mappings (%s) survive." % ", ".join("%s→%s" % fl for fl in LEMMA_CHECKS))
    a("")
    a("Licence of spacy-lookups-data (MIT), as shipped in the wheel:")
    a("")
    a("```")
    a(spacy_licence.strip())
    a("```")
    a("")
    a("## frequencies.tsv — wordfreq")
    a("")
    a("From `wordfreq/data/large_nl.msgpack.gz` (cBpack: msgpack list, bucket *i* = words at −*i*")
    a("centibels; Zipf = (900 − *i*) / 100). Changed: lowercased and NFC-normalised; Zipf >= %.1f kept;" % (FREQ_MIN_CENTI_ZIPF / 100))
    a("(%d of the large_nl list's %d entries; of those, %d with digits, whitespace or control" % (n_freq + n_freq_dropped, n_freq_total, n_freq_dropped))
    a("characters dropped: wordfreq's digit placeholders and the like); Zipf rounded half up to")
    a("one decimal. %d rows. Values equal `wordfreq.zipf_frequency(word, 'nl')` to one decimal." % n_freq)
    a("")
    a("**Licence: CC BY-SA 4.0** (https://creativecommons.org/licenses/by-sa/4.0/). frequencies.tsv is")
    a("a table derived from the wordfreq data and is likewise licensed under CC BY-SA 4.0; anything")
    a("derived from it must carry the same licence and this attribution.")
    a("")
    a("Attribution: *wordfreq* by Robyn Speer — Robyn Speer (2022), rspeer/wordfreq: v3.0, Zenodo,")
    a("https://doi.org/10.5281/zenodo.7199437 — https://github.com/rspeer/wordfreq. The wordfreq code")
    a("is Apache-2.0 (Copyright 2022 Robyn Speer; no wordfreq code is copied here). wordfreq's Dutch")
    a("data is built from: SUBTLEX-NL (Keuleers, E., Brysbaert, M. & New, B. (2010), SUBTLEX-NL: A new")
    a("frequency measure for Dutch words based on film subtitles, Behavior Research Methods 42(3),")
    a("643-650; SUBTLEX is freely available data, http://crr.ugent.be/programs-data/subtitle-frequencies,")
    a("and its authors must be credited); OPUS OpenSubtitles 2018 (data from the OpenSubtitles project,")
    a("http://www.opensubtitles.org/, used with attribution to OpenSubtitles); Wikipedia; ParaCrawl")
    a("(https://paracrawl.eu/); OSCAR (Ortiz Suárez, Sagot & Romary 2019); the Leeds Internet Corpus;")
    a("Google Books Ngrams (http://books.google.com/ngrams); and word counts from the Twitter streaming API.")
    a("")
    a("## opentaal.txt — OpenTaal word list (Debian wdutch)")
    a("")
    a("From `/usr/share/dict/dutch` in the Debian package. Changed: lowercased and NFC-normalised,")
    a("deduplicated, %d multi-word entries dropped, only words of %d-%d characters kept (%d)." % (ot_space, OPENTAAL_MIN_LEN, OPENTAAL_MAX_LEN, n_ot_all))
    if n_ot != n_ot_all:
        a("As that is more than %d bytes, the list keeps the words that wordfreq knows, and the other" % OPENTAAL_MAX_BYTES)
        a("words of >= 4 letters made only of `[a-zà-ÿ-]` unless they split into two words of the list")
        a("(>= 3 letters each, optionally joined by s/e/en/-): such compounds can be rebuilt from their")
        a("parts, which stay. %d words kept." % n_ot)
    a("Kept separate from frequencies.tsv because its licence differs and most of its words")
    a("(compounds) are not in wordfreq.")
    a("")
    a("Word list by **OpenTaal** (https://www.opentaal.org/): (c) 1996 Nederlandstalige Tex")
    a("Gebruikersgroep; (c) 2001, 2002, 2003, 2005 Simon Brouwer e.a.; (c) 2006-2010 OpenTaal;")
    a("(c) 2020 OpenTaal (Simon Brouwer, Sander van Geloven). OpenTaal distributes it under BSD")
    a("(revised) or Creative Commons Attribution 3.0, at the user's choice; this project uses the")
    a("BSD licence (text below, from the package's /usr/share/doc/wdutch/copyright). OpenTaal asks")
    a("that README_nl_NL.txt be kept with every copy of the word list; that file is not in the Debian")
    a("package — see https://github.com/OpenTaal/opentaal-wordlist.")
    a("")
    a("```")
    a(bsd)
    a("```")
    a("")
    if odwn_note:
        a("## odwn-proposals.tsv — Open Dutch WordNet (proposals, never loaded)")
        a("")
        a("%d proposals for %d corpus lemmas, from the shared resources' `odwn-synonyms.tsv`, derived" % (odwn_note[1], odwn_note[2]))
        a("from Open Dutch WordNet (repository cltl/OpenDutchWordnet). Changed: lowercased, filtered to")
        a("lemmas in the corpus vocabulary (lowercased letter-only tokens of corpus/*.txt without the")
        a("+++ front matter, plus their lemmas.tsv lemmas; 3+ letters and Zipf < %.1f, i.e. no function" % (ODWN_MAX_LEMMA_CENTI / 100))
        a("words) and to synonyms in that vocabulary (a multi-word synonym: the phrase occurs in the")
        a("corpus) or with wordfreq Zipf >= %.1f (multi-word: wordfreq's rule 1/f = 1/f1 + 1/f2 + ...)." % ODWN_MIN_ZIPF)
        a("")
        a("**Licence: CC BY-SA 4.0**; the derived table is CC BY-SA 4.0 too. Cite: Marten Postma, Emiel")
        a("van Miltenburg, Roxane Segers, Anneleen Schoen and Piek Vossen (2016), \"Open Dutch WordNet\",")
        a("Proceedings of the Eighth Global Wordnet Conference, Bucharest.")
        a("")
    path = os.path.join(HERE, "NOTICE.md")
    with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    os.replace(path + ".tmp", path)
    print("wrote NOTICE.md", flush=True)


if __name__ == "__main__":
    main()

"""datasketch's MinHashLSH on yulu's shingles, for tools/bench/similar.

usage: datasketch_lsh.py SHINGLES TRUTH THRESHOLD
Builds a MinHash (64 permutations) of every paragraph's shingle set (the 64-bit hashes
yulu-bench exported), inserts all in MinHashLSH(threshold), queries every planted copy,
and prints: the seconds for all of it, how many planted originals were among the
candidates, and the candidates per query (median).
"""
import statistics
import sys
import time

from datasketch import MinHash, MinHashLSH


def main():
    shingles, truth_file, threshold = sys.argv[1], sys.argv[2], float(sys.argv[3])
    rows = [line.rstrip("\n").split("\t") for line in open(shingles, encoding="utf-8")]
    truth = {copy: (doc, para) for copy, doc, para in (line.rstrip("\n").split("\t") for line in open(truth_file, encoding="utf-8"))}
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    signatures = {}
    for doc, para, text, hashes in rows:
        if not hashes:
            continue
        m = MinHash(num_perm=64)
        m.update_batch([bytes.fromhex(h.zfill(16)) for h in hashes.split()])
        key = f"{doc}\t{para}"
        signatures[key] = (m, text)
        lsh.insert(key, m)
    found, sizes = 0, []
    for key, (m, text) in signatures.items():
        if text in truth:
            doc, para = truth[text]
            candidates = lsh.query(m)
            sizes.append(len(candidates))
            if f"{doc}\t{para}" in candidates:
                found += 1
    print(f"datasketch {time.perf_counter() - started:.2f} s, originals among candidates {found} of {len(truth)}, "
          f"candidates per query {statistics.median(sizes) if sizes else 0}")


if __name__ == "__main__":
    main()

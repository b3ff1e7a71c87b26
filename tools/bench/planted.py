"""Plants edited copies of real report paragraphs in unrelated law text, for tools/bench/similar.

usage: planted.py SHINGLES LAWFILE DONORFILE OUTDIR
  SHINGLES   yulu-bench shingles of an index of provincial-2026 (doc, para, text, ...)
  LAWFILE    law text whose lines fill the planted documents
  DONORFILE  law text (not indexed) whose clauses are inserted into the copies
Picks 50 paragraphs of 80-380 characters (seeded), edits each as the Swift test does
(about 8% of Han characters substituted, a clause dropped, a clause inserted, the second
half in traditional characters, by ICU), writes 10 documents of 5 copies amid law lines
to OUTDIR/planted, and OUTDIR/truth.tsv: copy text, original doc, original para.
"""
import os
import random
import sys

import icu


def main():
    shingles, law_file, donor_file, out = sys.argv[1:5]
    rows = [line.rstrip("\n").split("\t") for line in open(shingles, encoding="utf-8")]
    originals = [(doc, int(para), text) for doc, para, text, *_ in rows if 80 <= len(text) <= 380 and "，" in text]
    filler = [l.strip() for l in open(law_file, encoding="utf-8") if 30 <= len(l.strip()) <= 400 and not l.startswith("#")]
    donors = [c.strip() for c in open(donor_file, encoding="utf-8").read().replace("。", "，").replace("；", "，").replace("\n", "，").split("，")
              if 8 <= len(c.strip()) <= 25 and not c.strip().startswith("#")]
    pool = sorted({c for _, _, text in originals for c in text if "\u4e00" <= c <= "\u9fff"})
    to_traditional = icu.Transliterator.createInstance("Simplified-Traditional")
    rng = random.Random(48)
    chosen = [rng.choice(originals) for _ in range(50)]
    os.makedirs(f"{out}/planted", exist_ok=True)
    with open(f"{out}/truth.tsv", "w", encoding="utf-8") as truth:
        for number in range(10):
            lines = [f"某县关于法律法规学习的材料（{number}）"]
            for slot in range(5):
                lines += [rng.choice(filler) for _ in range(3)]
                doc, para, text = chosen[number * 5 + slot]
                clauses = text.split("，")
                if len(clauses) > 2:
                    del clauses[rng.randrange(1, len(clauses))]
                clauses.insert(rng.randrange(len(clauses) + 1), rng.choice(donors))
                characters = list("，".join(clauses))
                for i, c in enumerate(characters):
                    if "\u4e00" <= c <= "\u9fff" and rng.random() < 0.08:
                        characters[i] = rng.choice(pool)
                half = len(characters) // 2
                copy = "".join(characters[:half]) + to_traditional.transliterate("".join(characters[half:]))
                lines.append(copy)
                truth.write(f"{copy}\t{doc}\t{para}\n")
            lines.append(rng.choice(filler))
            with open(f"{out}/planted/planted-{number}.txt", "w", encoding="utf-8") as document:
                document.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

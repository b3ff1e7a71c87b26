"""Times phrase and boolean queries in Tantivy (from PyPI), for tools/bench/query.

usage: tantivy_query.py QUERIES TOKENS_COLUMN PRETOKENISED_PARAGRAPHS INDEX_DIR RUNS
  QUERIES                 the TSV yulu-bench query-set wrote: kind, yulu query, ICU words,
                          bigram tokens (phrases separated by " | ")
  TOKENS_COLUMN           2 for ICU words, 3 for Han bigrams
  PRETOKENISED_PARAGRAPHS the same paragraphs tokenised the same way, one per line; the
                          index is built from it first if INDEX_DIR is empty
Each phrase becomes a PhraseQuery (a TermQuery when it is one token); `and` and `or`
rows become BooleanQuery of two; `near` rows are skipped (no equivalent). Queries are
built before timing; each is run once to warm up, then RUNS times, timing
`searcher.search(query, 10)` (top 10 with the count, no documents fetched) and
`searcher.search(query, 1)` (the count; the binding has no count-only search and
refuses a limit of 0). Prints per query: kind, median ms for
top-10, median ms for the count, the count.
"""
import os
import statistics
import sys
import time

import tantivy

from tantivy_index import build


def phrase_query(schema, tokens):
    if len(tokens) == 1:
        return tantivy.Query.term_query(schema, "text", tokens[0])
    return tantivy.Query.phrase_query(schema, "text", tokens)


def main():
    queries, column, paragraphs, folder, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
    if not os.listdir(folder):
        build(paragraphs, folder)
    index = tantivy.Index.open(folder)
    index.reload()
    searcher = index.searcher()
    schema = index.schema
    rows = []
    for line in open(queries, encoding="utf-8"):
        kind, _, *columns = line.rstrip("\n").split("\t")
        if kind == "near":
            continue
        phrases = [p.split() for p in columns[column - 2].split(" | ")]
        if any(not p for p in phrases):
            rows.append((kind, None))
            continue
        built = [phrase_query(schema, p) for p in phrases]
        if kind == "and":
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in built])
        elif kind == "or":
            query = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in built])
        else:
            query = built[0]
        rows.append((kind, query))
    for kind, query in rows:
        if query is None:
            print(f"{kind}\tnan\tnan\t0")
            continue
        searcher.search(query, 10)
        top, count = [], []
        for _ in range(runs):
            started = time.perf_counter()
            result = searcher.search(query, 10)
            top.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            searcher.search(query, 1)
            count.append((time.perf_counter() - started) * 1000)
        print(f"{kind}\t{statistics.median(top):.4f}\t{statistics.median(count):.4f}\t{result.count}")
    empty = tantivy.Query.empty_query()
    floor = []
    for _ in range(200):
        started = time.perf_counter()
        searcher.search(empty, 10)
        floor.append((time.perf_counter() - started) * 1000)
    print(f"empty-query\t{statistics.median(floor):.4f}\t0\t0", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Builds a Tantivy index (from PyPI) of paragraphs, one per line, for tools/bench/index.

usage: tantivy_index.py MODE PARAGRAPHS INDEX_DIR
  icu               raw paragraphs; ICU words computed in Python (PyICU: NFKC casefold,
                    zh word break, letter/number/kana/ideographic segments) in the timed run
  icu-pretokenised  PARAGRAPHS already holds ICU words, space-separated (written by
                    yulu-bench; tokenising is not timed, which favours Tantivy)
  jieba             raw paragraphs, cut with jieba in the timed run
All use Tantivy's whitespace tokenizer with positions, no stored text, 2 writer threads.
Prints the seconds spent, tokenising included where the mode does it.
"""
import sys
import time

import tantivy


def icu_tokenizer():
    import icu
    normalizer = icu.Normalizer2.getNFKCCasefoldInstance()
    breaker = icu.BreakIterator.createWordInstance(icu.Locale("zh"))

    def words(text):
        text = normalizer.normalize(text)
        breaker.setText(text)
        out, start = [], breaker.first()
        for end in breaker:
            if 100 <= breaker.getRuleStatus() < 500:
                out.append(text[start:end])
            start = end
        return " ".join(out)

    return words


def build(paragraphs, folder, tokenize=None):
    """Indexes the paragraphs (one per line), tokenised by `tokenize` or already tokenised."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="position")
    index = tantivy.Index(builder.build(), path=folder)
    writer = index.writer(heap_size=512_000_000, num_threads=2)
    with open(paragraphs, encoding="utf-8") as lines:
        for line in lines:
            text = line.rstrip("\n")
            writer.add_document(tantivy.Document(text=tokenize(text) if tokenize else text))
    writer.commit()
    writer.wait_merging_threads()


def main():
    mode, paragraphs, folder = sys.argv[1:4]
    tokenize = None
    if mode == "jieba":
        import jieba
        jieba.setLogLevel(60)
        jieba.initialize()
        tokenize = lambda text: " ".join(jieba.cut(text))
    elif mode == "icu":
        tokenize = icu_tokenizer()
    started = time.perf_counter()
    build(paragraphs, folder, tokenize)
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()

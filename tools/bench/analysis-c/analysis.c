/*
 * The ICU floor for Yulu's analysis: the same work as YuluAnalysis with no Swift in
 * the way. Per line: UTF-8 -> UTF-16, NFKC with case folding (nfkc_cf), the
 * per-code-point traditional -> simplified table (built by the same C function the
 * project uses, with the same exclusions and chain/cycle rule),
 * and zh word break with rule statuses.
 *
 * usage: analysis LISTFILE RUNS   (LISTFILE: one path per line)
 * prints one line per run: "c <seconds> <bytes> <words>"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include "yicu.h" /* the project's ICU shim, C only: the same table builder */

static UChar32 table[0x110000];

static void build_table(void) {
    static uint32_t from[16384], to[16384];
    int32_t status = 0;
    int32_t count = yicu_traditional_to_simplified(from, to, 16384, &status);
    const UChar32 kept[] = {0x8457, 0x85C9, 0x77AD, 0x4FF1}; /* 著 藉 瞭 俱 */
    for (UChar32 c = 0; c < 0x110000; c++) table[c] = c;
    int mapped = 0;
    for (int32_t i = 0; i < count; i++) {
        int skip = 0;
        for (int k = 0; k < 4; k++) if ((UChar32)from[i] == kept[k]) skip = 1;
        if (!skip) { table[from[i]] = (UChar32)to[i]; mapped++; }
    }
    /* follow chains to their end, and send every member of a cycle (苎 -> 苧 -> 苎)
       to its smallest code point, as SimplificationTable does */
    static UChar32 resolved[0x110000];
    for (UChar32 c = 0; c < 0x110000; c++) {
        UChar32 v = table[c], smallest = c < v ? c : v;
        int steps = 0;
        while (table[v] != v && steps < 64) {
            v = table[v];
            if (v < smallest) smallest = v;
            steps++;
        }
        resolved[c] = steps == 64 ? smallest : v;
    }
    memcpy(table, resolved, sizeof table);
    fprintf(stderr, "c: traditional->simplified table has %d entries\n", mapped);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *read_all(const char *list, size_t *size) {
    FILE *lf = fopen(list, "r");
    if (!lf) { perror(list); exit(1); }
    size_t cap = 1 << 26, used = 0;
    char *data = malloc(cap);
    char path[4096];
    while (fgets(path, sizeof path, lf)) {
        path[strcspn(path, "\n")] = 0;
        FILE *f = fopen(path, "rb");
        if (!f) { perror(path); exit(1); }
        size_t n;
        for (;;) {
            if (cap - used < 1 << 16) { cap *= 2; data = realloc(data, cap); }
            n = fread(data + used, 1, cap - used, f);
            if (n == 0) break;
            used += n;
        }
        data[used++] = '\n';
        fclose(f);
    }
    fclose(lf);
    *size = used;
    return data;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: analysis LISTFILE RUNS\n"); return 2; }
    size_t size;
    char *data = read_all(argv[1], &size);
    int runs = atoi(argv[2]);
    build_table();
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCCasefoldInstance(&status);
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &status);
    if (U_FAILURE(status)) { fprintf(stderr, "icu: %s\n", u_errorName(status)); return 1; }
    int32_t cap = 1 << 20;
    UChar *utf16 = malloc(cap * sizeof(UChar)), *norm = malloc(cap * 4 * sizeof(UChar));
    for (int run = 0; run < runs; run++) {
        double t0 = now();
        size_t bytes = 0;
        long words = 0;
        size_t pos = 0;
        while (pos < size) {
            size_t end = pos;
            while (end < size && data[end] != '\n' && data[end] != '\r') end++;
            size_t s = pos, e = end;
            while (s < e && (data[s] == ' ' || data[s] == '\t')) s++;
            while (e > s && (data[e - 1] == ' ' || data[e - 1] == '\t')) e--;
            pos = end + 1;
            if (s == e) continue;
            bytes += e - s;
            int32_t len16 = 0;
            UErrorCode st = U_ZERO_ERROR;
            u_strFromUTF8(utf16, cap, &len16, data + s, (int32_t)(e - s), &st);
            int32_t nlen = unorm2_normalize(nfkc, utf16, len16, norm, cap * 4, &st);
            for (int32_t i = 0; i < nlen; i++) {
                UChar u = norm[i];
                if (!U16_IS_SURROGATE(u)) norm[i] = (UChar)table[u];
            }
            ubrk_setText(bi, norm, nlen, &st);
            ubrk_first(bi);
            while (ubrk_next(bi) != UBRK_DONE) {
                int32_t rs = ubrk_getRuleStatus(bi);
                if (rs >= UBRK_WORD_NUMBER && rs < UBRK_WORD_IDEO_LIMIT) words++;
            }
        }
        printf("c %.4f %zu %ld\n", now() - t0, bytes, words);
        fflush(stdout);
    }
    return 0;
}

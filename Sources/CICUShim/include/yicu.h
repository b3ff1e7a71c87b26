/*
 * The slice of libicu that Yulu uses, behind plain C types only (see CICU/cicu.h for
 * why ICU's own headers are kept from Swift). Every function reports ICU failures
 * through an int32_t status: <= 0 is success, > 0 is an ICU error code, which
 * yicu_error_name() turns into ICU's name for it.
 */
#ifndef YULU_YICU_H
#define YULU_YICU_H

#include <stdint.h>

/* Character classes for units and breaks (DESIGN, "Units and breaks"). */
enum {
    YICU_CLASS_HAN = 0,           /* a Han letter or number: one unit */
    YICU_CLASS_LETTER_OR_DIGIT = 1, /* other letters and numbers: runs form units */
    YICU_CLASS_MARK = 2,          /* combining marks: continue a run */
    YICU_CLASS_SPACE = 3,         /* white space, controls, format characters */
    YICU_CLASS_BREAKING = 4       /* punctuation, symbols and the rest: a break */
};

const char *yicu_error_name(int32_t status);

/* The class of one code point, from its general category and script. */
uint8_t yicu_character_class(uint32_t code_point);

/* ICU's NFKC_Casefold normaliser (a shared, thread-safe instance), or NULL. */
const void *yicu_nfkc_casefold(int32_t *status);
/* Normalises UTF-16 src into dest; returns the length needed (status 15 = buffer overflow). */
int32_t yicu_normalize(const void *normalizer, const uint16_t *src, int32_t length,
                       uint16_t *dest, int32_t capacity, int32_t *status);
/* Whether a normalisation boundary precedes code_point. */
int yicu_has_boundary_before(const void *normalizer, uint32_t code_point);

/* A word-break iterator for locale (not thread-safe: one per thread), or NULL. */
void *yicu_word_breaker_open(const char *locale, int32_t *status);
void yicu_word_breaker_close(void *breaker);
/*
 * Segments text into words and writes [start, end) pairs, in UTF-16 code units, of
 * the segments whose rule status is number, letter, kana or ideographic, into
 * bounds (2 * capacity entries). Returns the number of such words (never more
 * than length, so capacity = length always suffices).
 */
int32_t yicu_words(void *breaker, const uint16_t *text, int32_t length,
                   int32_t *bounds, int32_t capacity, int32_t *status);

/*
 * Runs ICU's Traditional-Simplified transliterator over every code point of its
 * source set, one code point at a time, and writes each code point that becomes a
 * different single code point to from[i] -> to[i]. Returns the number of pairs
 * (at most capacity; 16384 is ample).
 */
int32_t yicu_traditional_to_simplified(uint32_t *from, uint32_t *to, int32_t capacity,
                                       int32_t *status);

/*
 * Charset detection: writes up to capacity candidates, best first, as NUL-terminated
 * names in names (stride 32 bytes) with their confidences (0-100). Returns the count.
 */
int32_t yicu_detect_charsets(const char *bytes, int32_t length, char *names,
                             int32_t *confidences, int32_t capacity, int32_t *status);

/*
 * Converts bytes in charset to UTF-8, replacing every illegal or unmappable byte
 * sequence with U+FFFD and counting them in *replaced, and dropping a character cut
 * off by the end of the bytes (*cut_at_end set to 1). Past max_replaced sequences it
 * stops with an error status and *replaced = max_replaced + 1. Returns the length
 * needed; call again with a larger dest on status 15 (buffer overflow). The UTF-8 is
 * well-formed.
 */
int32_t yicu_convert_to_utf8(const char *charset, const char *bytes, int32_t length,
                             char *dest, int32_t capacity, int32_t max_replaced,
                             int32_t *replaced, int32_t *cut_at_end, int32_t *status);

/*
 * Converts UTF-16 to bytes in charset, stopping with an error (status > 0) at a
 * character the charset cannot hold. Returns the length needed; call again with a
 * larger dest on status 15 (buffer overflow).
 */
int32_t yicu_convert_from_utf16(const char *charset, const uint16_t *text, int32_t length,
                                char *dest, int32_t capacity, int32_t *status);

#endif

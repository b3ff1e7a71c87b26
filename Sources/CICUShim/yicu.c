#include "yicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

const char *yicu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

uint8_t yicu_character_class(uint32_t code_point) {
    UChar32 c = (UChar32)code_point;
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER: {
        UErrorCode status = U_ZERO_ERROR;
        return uscript_getScript(c, &status) == USCRIPT_HAN ? YICU_CLASS_HAN : YICU_CLASS_LETTER_OR_DIGIT;
    }
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
        return YICU_CLASS_MARK;
    case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
    case U_CONTROL_CHAR: case U_FORMAT_CHAR:
        return YICU_CLASS_SPACE;
    default:
        return YICU_CLASS_BREAKING;
    }
}

const void *yicu_nfkc_casefold(int32_t *status) {
    return unorm2_getNFKCCasefoldInstance((UErrorCode *)status);
}

int32_t yicu_normalize(const void *normalizer, const uint16_t *src, int32_t length,
                       uint16_t *dest, int32_t capacity, int32_t *status) {
    return unorm2_normalize((const UNormalizer2 *)normalizer, src, length, dest, capacity,
                            (UErrorCode *)status);
}

int yicu_has_boundary_before(const void *normalizer, uint32_t code_point) {
    return unorm2_hasBoundaryBefore((const UNormalizer2 *)normalizer, (UChar32)code_point);
}

void *yicu_word_breaker_open(const char *locale, int32_t *status) {
    return ubrk_open(UBRK_WORD, locale, NULL, 0, (UErrorCode *)status);
}

void yicu_word_breaker_close(void *breaker) { ubrk_close((UBreakIterator *)breaker); }

int32_t yicu_words(void *breaker, const uint16_t *text, int32_t length,
                   int32_t *bounds, int32_t capacity, int32_t *status) {
    UBreakIterator *bi = (UBreakIterator *)breaker;
    ubrk_setText(bi, text, length, (UErrorCode *)status);
    if (*status > 0) return 0;
    int32_t count = 0;
    int32_t start = ubrk_first(bi);
    for (int32_t end = ubrk_next(bi); end != UBRK_DONE; start = end, end = ubrk_next(bi)) {
        int32_t rule = ubrk_getRuleStatus(bi);
        if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_IDEO_LIMIT && count < capacity) {
            bounds[2 * count] = start;
            bounds[2 * count + 1] = end;
            count++;
        }
    }
    return count;
}

int32_t yicu_traditional_to_simplified(uint32_t *from, uint32_t *to, int32_t capacity,
                                       int32_t *status) {
    UErrorCode *error = (UErrorCode *)status;
    UTransliterator *trans = utrans_openU(u"Traditional-Simplified", -1, UTRANS_FORWARD, NULL, 0, NULL, error);
    if (U_FAILURE(*error)) return 0;
    USet *source = uset_openEmpty();
    utrans_getSourceSet(trans, 0, source, error);
    int32_t count = 0;
    for (int32_t range = 0; U_SUCCESS(*error) && range < uset_getRangeCount(source); range++) {
        UChar32 first, last;
        uset_getItem(source, range, &first, &last, NULL, 0, error);
        for (UChar32 c = first; U_SUCCESS(*error) && c <= last && count < capacity; c++) {
            UChar buffer[32];
            int32_t length = 0;
            U16_APPEND_UNSAFE(buffer, length, c);
            int32_t limit = length;
            UErrorCode one = U_ZERO_ERROR;
            utrans_transUChars(trans, buffer, &length, 32, 0, &limit, &one);
            if (U_FAILURE(one)) continue;
            UChar32 result;
            int32_t index = 0;
            U16_NEXT(buffer, index, length, result);
            if (index == length && result != c) {
                from[count] = (uint32_t)c;
                to[count] = (uint32_t)result;
                count++;
            }
        }
    }
    uset_close(source);
    utrans_close(trans);
    return count;
}

int32_t yicu_detect_charsets(const char *bytes, int32_t length, char *names,
                             int32_t *confidences, int32_t capacity, int32_t *status) {
    UErrorCode *error = (UErrorCode *)status;
    UCharsetDetector *detector = ucsdet_open(error);
    if (U_FAILURE(*error)) return 0;
    ucsdet_setText(detector, bytes, length, error);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(detector, &found, error);
    int32_t count = 0;
    for (int32_t i = 0; U_SUCCESS(*error) && i < found && count < capacity; i++) {
        const char *name = ucsdet_getName(matches[i], error);
        int32_t confidence = ucsdet_getConfidence(matches[i], error);
        if (U_FAILURE(*error) || name == NULL) break;
        strncpy(names + 32 * count, name, 31);
        names[32 * count + 31] = 0;
        confidences[count] = confidence;
        count++;
    }
    ucsdet_close(detector);
    return count;
}

/* What the conversion callback found: substitutions and a cut-off last character;
   past limit substitutions it stops the conversion. */
typedef struct {
    int32_t replaced;
    int32_t cut_at_end;
    int32_t limit;
} YicuRepairs;

static void yicu_repairing_callback(const void *context, UConverterToUnicodeArgs *args,
                                    const char *code_units, int32_t length,
                                    UConverterCallbackReason reason, UErrorCode *error) {
    (void)code_units;
    (void)length;
    if (reason > UCNV_IRREGULAR) return; /* reset, close, clone */
    YicuRepairs *repairs = (YicuRepairs *)context;
    if (*error == U_TRUNCATED_CHAR_FOUND) {
        repairs->cut_at_end = 1;
        *error = U_ZERO_ERROR;
        return;
    }
    repairs->replaced++;
    if (repairs->replaced > repairs->limit) return; /* *error stays a failure: stop */
    *error = U_ZERO_ERROR;
    static const UChar replacement = 0xFFFD;
    ucnv_cbToUWriteUChars(args, &replacement, 1, 0, error);
}

int32_t yicu_convert_to_utf8(const char *charset, const char *bytes, int32_t length,
                             char *dest, int32_t capacity, int32_t max_replaced,
                             int32_t *replaced, int32_t *cut_at_end, int32_t *status) {
    UErrorCode *error = (UErrorCode *)status;
    YicuRepairs repairs = {0, 0, max_replaced};
    UConverter *converter = ucnv_open(charset, error);
    if (U_FAILURE(*error)) return 0;
    ucnv_setToUCallBack(converter, yicu_repairing_callback, &repairs, NULL, NULL, error);
    /* A byte sequence gives at most one UTF-16 unit per byte (a four-byte GB18030
       sequence gives a surrogate pair, a bad sequence one U+FFFD), so length + 1 units
       suffice; should a converter need more, the buffer grows and the conversion runs
       again. */
    int32_t units_capacity = length + 1;
    UChar *units = NULL;
    int32_t units_length = 0;
    while (U_SUCCESS(*error)) {
        units = (UChar *)malloc(sizeof(UChar) * (size_t)units_capacity);
        if (units == NULL) { *error = U_MEMORY_ALLOCATION_ERROR; break; }
        repairs.replaced = 0;
        repairs.cut_at_end = 0;
        units_length = ucnv_toUChars(converter, units, units_capacity, bytes, length, error);
        if (*error != U_BUFFER_OVERFLOW_ERROR) break;
        *error = U_ZERO_ERROR;
        free(units);
        units = NULL;
        units_capacity = units_length + 1;
        ucnv_reset(converter);
    }
    ucnv_close(converter);
    int32_t result = 0;
    if (U_SUCCESS(*error)) u_strToUTF8(dest, capacity, &result, units, units_length, error);
    free(units);
    *replaced = repairs.replaced;
    *cut_at_end = repairs.cut_at_end;
    return result;
}

int32_t yicu_convert_from_utf16(const char *charset, const uint16_t *text, int32_t length,
                                char *dest, int32_t capacity, int32_t *status) {
    UErrorCode *error = (UErrorCode *)status;
    UConverter *converter = ucnv_open(charset, error);
    if (U_FAILURE(*error)) return 0;
    ucnv_setFromUCallBack(converter, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, error);
    int32_t result = U_SUCCESS(*error) ? ucnv_fromUChars(converter, dest, capacity, text, length, error) : 0;
    ucnv_close(converter);
    return result;
}

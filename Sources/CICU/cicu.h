/*
 * CICU: libicu as a system library (pkg-config icu-uc icu-i18n), linked here.
 *
 * This header deliberately declares nothing. ICU's own headers cannot be shown to
 * Swift: Debian's libicu exports versioned symbols (ubrk_open_72) behind macros Swift
 * does not import, and Swift's Foundation carries its own copy of ICU's headers, whose
 * types (UErrorCode, UBlockCode, ...) clash with the system's in any module that sees
 * both. The C API Yulu uses is reached through the CICUShim target, which includes
 * ICU privately and exposes only plain C types.
 */
#ifndef YULU_CICU_H
#define YULU_CICU_H
#endif

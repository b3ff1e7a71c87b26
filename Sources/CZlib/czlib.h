/* CZlib: the system zlib (deflate for the paragraph store, CRC-32 for checksums). */
#ifndef YULU_CZLIB_H
#define YULU_CZLIB_H
#include <zlib.h>
#endif

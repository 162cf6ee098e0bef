/*
 * tests/fuzz/feed_fuzz — libFuzzer target for the feed's list parsing
 * (GDELT's lastupdate.txt and masterfilelist.txt: "size md5 url" lines).
 * Checked: a list either fails with a message or gives entries whose
 * fields are well-formed: a size >= 0, 32 hex digits of MD5, an http(s)
 * URL of the same line, and a stamp that is 0 or a real time; entries kept
 * by a day window lie inside it.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "feed/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    static const int windows[][2] = {{0, 0}, {20150218, 20150219}, {20200101, 0}};
    for (size_t w = 0; w < 3; w++) {
        feed_entry *e = NULL;
        size_t n = 0;
        bloc_error err;
        int rc = feed_parse_list(text, "fuzz.txt", windows[w][0], windows[w][1], &e, &n, &err);
        if (rc != BLOC_OK) {
            if (!err.msg[0])
                abort();
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            if (e[i].size < 0 || strlen(e[i].md5) != 32 || !strstr(text, e[i].url))
                abort();
            for (int k = 0; k < 32; k++)
                if (!isxdigit((unsigned char)e[i].md5[k]))
                    abort();
            if (strncmp(e[i].url, "http://", 7) != 0 && strncmp(e[i].url, "https://", 8) != 0)
                abort();
            int day = (int)(e[i].stamp / 1000000);
            if (e[i].stamp && !util_date_valid(day))
                abort();
            if (windows[w][0] && e[i].stamp && day < windows[w][0])
                abort();
            if (windows[w][1] && e[i].stamp && day > windows[w][1])
                abort();
        }
        free(e);
    }
    free(text);
    return 0;
}

/* jg-lz-string.c: the output length of lz-string's compressToUTF16.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jg-lz-string.h"

/* lz-string, the library AWS Extend Switch Roles stores its configuration
 * with, compresses the UTF-16 code units of a JavaScript string with an
 * LZW variant and packs the bits into 15-bit output characters. This
 * follows the algorithm of the npm package lz-string 1.5.0:
 *
 * - codes 0, 1 and 2 are reserved: 0 and 1 announce a new literal code
 *   unit of 8 or 16 bits, 2 ends the stream;
 * - each code unit, on first sight, gets the next code, and is written as
 *   a literal the first time it is emitted, later by its code;
 * - after each emitted phrase, phrase + next unit gets the next code;
 * - codes are numBits wide, starting at 2; the width grows by one each
 *   time enlargeIn, starting at 2 and reset to 2^numBits, reaches zero,
 *   and it counts down once per emitted phrase plus once per literal.
 *
 * The output has one character per 15 bits, one more for the final
 * partial character (always written, even when empty) and the " " that
 * compressToUTF16 appends. Only the bit count matters for the length, so
 * nothing is written. The dictionary maps (prefix code, code unit) to a
 * code, with prefix 0 for single code units. The test suite compares the
 * result with the npm package on generated texts.
 */

typedef struct
{
  guint64 *keys;      /* 0 is an empty slot */
  guint32 *codes;
  gsize    mask;
} LzDictionary;

static void
lz_dictionary_init (LzDictionary *dict,
                    gsize         n_units)
{
  gsize capacity = 64;

  /* At most one entry per code unit plus one per distinct unit, kept
   * under half full. */
  while (capacity < 4 * (n_units + 1))
    capacity *= 2;

  dict->keys = g_new0 (guint64, capacity);
  dict->codes = g_new (guint32, capacity);
  dict->mask = capacity - 1;
}

static void
lz_dictionary_clear (LzDictionary *dict)
{
  g_clear_pointer (&dict->keys, g_free);
  g_clear_pointer (&dict->codes, g_free);
}

static inline guint64
lz_key (guint32  prefix,
        gunichar2 unit)
{
  /* The +1 keeps every key non-zero, as 0 marks an empty slot. */
  return (((guint64) prefix << 16) | unit) + 1;
}

/* Returns the slot of KEY, or of the empty slot where it belongs. */
static inline gsize
lz_dictionary_find (const LzDictionary *dict,
                    guint64             key)
{
  gsize slot = (gsize) ((key * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 20)
               & dict->mask;

  while (dict->keys[slot] != 0 && dict->keys[slot] != key)
    slot = (slot + 1) & dict->mask;

  return slot;
}

typedef struct
{
  gsize   bits;
  guint   num_bits;
  guint64 enlarge_in;
} LzCounter;

static inline void
lz_count_down (LzCounter *counter)
{
  counter->enlarge_in--;
  if (counter->enlarge_in == 0)
    {
      counter->enlarge_in = G_GUINT64_CONSTANT (1) << counter->num_bits;
      counter->num_bits++;
    }
}

/* Counts the bits of emitting one phrase. LITERAL is the phrase's code
 * unit when the phrase is a single unit not yet written as a literal, -1
 * otherwise. */
static inline void
lz_count_phrase (LzCounter *counter,
                 int        literal)
{
  if (literal >= 0)
    {
      counter->bits += counter->num_bits + (literal < 256 ? 8 : 16);
      lz_count_down (counter);
    }
  else
    {
      counter->bits += counter->num_bits;
    }

  lz_count_down (counter);
}

gsize
jg_lz_string_compressed_utf16_length (const char *text)
{
  g_autofree gunichar2 *units = NULL;
  g_autofree guint8 *literal_pending = NULL;
  LzDictionary dict;
  LzCounter counter = { 0, 2, 2 };
  guint32 next_code = 3;
  guint32 phrase = 0;
  int phrase_unit = -1;
  glong n_units = 0;

  g_return_val_if_fail (text != NULL, 0);

  units = g_utf8_to_utf16 (text, -1, NULL, &n_units, NULL);
  g_return_val_if_fail (units != NULL, 0);

  /* One flag per possible code unit: set while that unit has a code but
   * has not yet been written as a literal. */
  literal_pending = g_new0 (guint8, 65536 / 8);
  lz_dictionary_init (&dict, (gsize) n_units);

  for (glong i = 0; i < n_units; i++)
    {
      gunichar2 unit = units[i];
      guint64 single_key = lz_key (0, unit);
      gsize slot = lz_dictionary_find (&dict, single_key);
      guint32 single_code;
      guint64 pair_key;

      if (dict.keys[slot] == 0)
        {
          dict.keys[slot] = single_key;
          dict.codes[slot] = next_code++;
          literal_pending[unit >> 3] |= (guint8) (1u << (unit & 7));
        }
      single_code = dict.codes[slot];

      if (phrase == 0)
        {
          phrase = single_code;
          phrase_unit = unit;
          continue;
        }

      pair_key = lz_key (phrase, unit);
      slot = lz_dictionary_find (&dict, pair_key);
      if (dict.keys[slot] != 0)
        {
          phrase = dict.codes[slot];
          phrase_unit = -1;
          continue;
        }

      if (phrase_unit >= 0
          && (literal_pending[phrase_unit >> 3] & (1u << (phrase_unit & 7))))
        {
          lz_count_phrase (&counter, phrase_unit);
          literal_pending[phrase_unit >> 3] &= (guint8) ~(1u << (phrase_unit & 7));
        }
      else
        {
          lz_count_phrase (&counter, -1);
        }

      dict.keys[slot] = pair_key;
      dict.codes[slot] = next_code++;

      phrase = single_code;
      phrase_unit = unit;
    }

  if (phrase != 0)
    {
      if (phrase_unit >= 0
          && (literal_pending[phrase_unit >> 3] & (1u << (phrase_unit & 7))))
        lz_count_phrase (&counter, phrase_unit);
      else
        lz_count_phrase (&counter, -1);
    }

  /* The end-of-stream code. */
  counter.bits += counter.num_bits;

  lz_dictionary_clear (&dict);

  return counter.bits / 15 + 1 + 1;
}

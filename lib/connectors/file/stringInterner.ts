import { UTF16_TEXT, type TextForm } from './textForm.js';

/** Slots of the table (a power of two); at most half of them are filled. */
const SLOTS = 4096;
const MASK = SLOTS - 1;
/** Slots looked at from the home slot of a hash before giving up. */
const PROBES = 8;
/** Lookups between two checks of the hit rate. */
const WINDOW = 4096;
/** Below this share of hits in a window, interning stops: the column's values rarely repeat. */
const MIN_HIT_RATE = 0.5;
/** V8 copies a slice shorter than this; a longer one keeps its parent string alive. */
const MIN_SHARED_SLICE = 13;

/**
 * A copy of a string that does not keep the text it was cut from alive: V8 flattens the
 * concatenation into a new string before slicing it, so the result points into that copy only.
 */
export function detached(s: string): string {
  return s.length < MIN_SHARED_SLICE ? s : (' ' + s).slice(1);
}

/** Whether `text` holds `kept` at `start` (a loop: faster than `startsWith` for short fields). */
function sameCharacters(text: string, start: number, kept: string): boolean {
  for (let i = 0; i < kept.length; i++) if (text.charCodeAt(start + i) !== kept.charCodeAt(i)) return false;
  return true;
}

/**
 * Turns the text `text[start, end)` of a field into a string, giving the same string object
 * every time the same characters come again: the characters are hashed where they lie and
 * compared with the string kept in the hash's slot, so a repeated value (a station, a symbol)
 * costs no new string, and hash maps keyed by it (GROUP BY, joins) find a string whose hash V8
 * already knows. Kept strings are copies, so they do not pin the read chunks. When a column's
 * values rarely repeat (fewer than half of the lookups of a window hit), the interner stops
 * and slices, so high-cardinality text (ids) does not pay for copies.
 *
 * Fields of `form` BYTE_TEXT are hashed and compared as bytes, and what is returned is their
 * text: each slot keeps the bytes beside the text they stand for.
 */
export class StringInterner {
  private readonly slots: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  /** Per slot, the text its string stands for (the string itself in UTF16_TEXT form). */
  private readonly texts: string[] = new Array<string>(SLOTS).fill('');
  private filled = 0;
  private lookups = 0;
  private hits = 0;
  private active = true;

  constructor(private readonly form: TextForm = UTF16_TEXT) {}

  /** The string of `text[start, end)`: the kept one when the same characters were seen before. */
  intern(text: string, start: number, end: number): string {
    if (!this.active) return this.form.text(text.slice(start, end));
    const length = end - start;
    let hash = 0x811c9dc5 ^ length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    if (++this.lookups === WINDOW) this.checkHitRate();
    const slots = this.slots;
    let slot = (hash ^ (hash >>> 15)) & MASK;
    for (let probe = 0; probe < PROBES; probe++, slot = (slot + 1) & MASK) {
      const kept = slots[slot];
      if (kept === undefined) {
        const fresh = text.slice(start, end);
        if (this.filled >= SLOTS / 2) return this.form.text(fresh);
        this.filled++;
        const copy = detached(fresh);
        slots[slot] = copy;
        return (this.texts[slot] = this.form.text(copy));
      }
      if (kept.length === length && sameCharacters(text, start, kept)) {
        this.hits++;
        return this.texts[slot]!;
      }
    }
    return this.form.text(text.slice(start, end));
  }

  private checkHitRate(): void {
    if (this.hits < WINDOW * MIN_HIT_RATE) {
      this.active = false;
      this.slots.length = 0;
      this.texts.length = 0;
    }
    this.lookups = 0;
    this.hits = 0;
  }
}

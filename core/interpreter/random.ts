// Seeded randomness (mulberry32) so that jitter, States.MathRandom/UUID and $random/$uuid are reproducible.

export interface RandomSource {
  next(): number;
  uuid(): string;
}

export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uuid = (): string => {
    const bytes: number[] = [];
    for (let i = 0; i < 16; i++) bytes.push(Math.floor(next() * 256));
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  return { next, uuid };
}

/**
 * A UUID-shaped id derived from `text` alone (FNV-1a into the generator above): the same text gives the
 * same id in every run, and drawing it takes nothing from the execution's own random sequence.
 */
export function uuidFrom(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return seededRandom(hash).uuid();
}

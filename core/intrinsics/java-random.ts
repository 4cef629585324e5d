// A faithful port of java.util.Random's linear congruential generator, used for States.MathRandom with a
// seed: the same seed always gives the same number, as the JVM-based AWS implementation would.

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;
const INT_MAX = 2147483647;

export class JavaRandom {
  private state: bigint;

  /** `seed` is taken as a Java long (wrapped to 64 bits). */
  constructor(seed: number | bigint) {
    const long = BigInt.asIntN(64, typeof seed === 'bigint' ? seed : BigInt(Math.trunc(seed)));
    this.state = (long ^ MULTIPLIER) & MASK;
  }

  /** Java's `next(bits)`: the top `bits` bits of the next 48-bit state, as a signed 32-bit int. */
  private next(bits: number): number {
    this.state = (this.state * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.state >> BigInt(48 - bits)));
  }

  /** Java's `nextInt()`: any 32-bit int. */
  nextIntUnbounded(): number {
    return this.next(32);
  }

  /** Java's `nextInt(bound)`: uniform in [0, bound); `bound` must be in [1, 2^31-1]. */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > INT_MAX) {
      throw new RangeError(`bound must be an integer in [1, ${INT_MAX}], got ${bound}`);
    }
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = this.next(31));
    return r;
  }

  /** Java's `nextDouble()`: uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const high = this.next(26);
    const low = this.next(27);
    return (high * 2 ** 27 + low) * 2 ** -53;
  }
}

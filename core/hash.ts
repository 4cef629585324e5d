// Hashes for States.Hash, JSONata's $hash and task tokens: node:crypto, the one platform API core uses
// for computation (ARCHITECTURE.md invariant 18), in this file only. It loads on the first hash, not
// at start-up: most runs never hash, and loading it costs a small run a few milliseconds (invariant 27).

import type * as NodeCrypto from 'node:crypto';

let crypto: typeof NodeCrypto | undefined;

/** The digest of `text`'s UTF-8 bytes with Node's `algorithm` ('sha256', 'md5', ...). */
export function digest(algorithm: string, text: string, encoding: 'hex' | 'base64'): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  crypto ??= require('node:crypto') as typeof NodeCrypto;
  return crypto.createHash(algorithm).update(text, 'utf8').digest(encoding);
}

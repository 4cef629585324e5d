// Test support: a minimal reference-path resolver (`$`, `$.a.b`, `$.a[0]`, `$['a']`) over one JSON value.

import { isJsonObject, type JsonValue } from '../json';
import type { ResolvePath } from './evaluate';

export function resolverFor(input: JsonValue): ResolvePath {
  return (pathText) => {
    if (!pathText.startsWith('$')) throw new Error(`test resolver: unsupported path ${pathText}`);
    const steps: Array<string | number> = [];
    const stepPattern = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/y;
    stepPattern.lastIndex = 1;
    while (stepPattern.lastIndex < pathText.length) {
      const m = stepPattern.exec(pathText);
      if (!m) throw new Error(`test resolver: cannot parse ${pathText}`);
      steps.push(m[2] !== undefined ? Number(m[2]) : ((m[1] ?? m[3]) as string));
    }
    let current: JsonValue = input;
    for (const step of steps) {
      if (typeof step === 'number') {
        if (!Array.isArray(current) || step >= current.length) return { found: false };
        current = current[step] as JsonValue;
      } else {
        if (!isJsonObject(current) || !Object.prototype.hasOwnProperty.call(current, step))
          return { found: false };
        current = current[step] as JsonValue;
      }
    }
    return { found: true, value: current };
  };
}

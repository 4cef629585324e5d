// docs/diagnostics.md documents exactly the template codes TEMPLATE_CODES defines, with their severities,
// and every TPL code written in core/templates is defined.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { TEMPLATE_CODES, TemplateCode } from './codes';

void it('docs/diagnostics.md has one row per template code, with its severity', () => {
  const rows = new Map<string, string>();
  for (const line of readFileSync(resolve(__dirname, '..', '..', 'docs', 'diagnostics.md'), 'utf8').split(
    '\n',
  )) {
    const match = /^\| (TPL\d{3}) \| (error|warning|info) \|/.exec(line);
    if (match?.[1] && match[2]) rows.set(match[1], match[2]);
  }
  assert.deepEqual(
    [...rows.entries()].sort(),
    Object.entries(TEMPLATE_CODES)
      .map(([code, info]) => [code, info.severity])
      .sort(),
  );
  assert.deepEqual(Object.values(TemplateCode).sort(), Object.keys(TEMPLATE_CODES).sort());
});

void it('every TPL code in the source is defined', () => {
  const visit = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory()
        ? visit(full)
        : name.endsWith('.ts') && !name.endsWith('.test.ts')
          ? [full]
          : [];
    });
  for (const file of visit(__dirname))
    for (const match of readFileSync(file, 'utf8').matchAll(/'(TPL\d{3})'/g))
      assert.ok(match[1] && match[1] in TEMPLATE_CODES, `${file}: ${match[1]}`);
});

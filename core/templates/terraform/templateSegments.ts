// Where each piece of a rendered template file (templatefile, template_file) comes from: literal text
// keeps its offsets in the file, interpolations and directives' output are generated.

import type { Segment } from '../origin';
import type { TemplatePart } from './expression';

/** The pieces of a rendered template file: literal text mapped to the file, interpolations generated. */
export function mapTemplateSegments(parts: TemplatePart[], rendered: Segment[], file: string): Segment[] {
  // Literal parts at the top level keep their offsets in the file; directives' output is generated.
  const out: Segment[] = [];
  let index = 0;
  for (const part of parts) {
    const piece = rendered[index];
    if (!piece) break;
    if (part.kind === 'text' && piece.text === part.text) {
      // A literal that held a `$${` escape is now a `${`: generated, not a placeholder of the template.
      const escaped = part.end - part.start !== part.text.length;
      out.push({
        text: piece.text,
        source: { file, start: part.start, end: part.end },
        mapping: escaped ? { kind: 'whole' } : { kind: 'exact' },
        ...(escaped ? { generated: true } : {}),
      });
      index++;
    } else if (part.kind === 'interp') {
      out.push({ ...piece, source: { file, start: part.start, end: part.end } });
      index++;
    } else {
      // A directive: everything it rendered, as one generated piece.
      out.push(
        ...rendered.slice(index).map((s) => ({ ...s, source: { file, start: part.start, end: part.end } })),
      );
      return out;
    }
  }
  return out;
}

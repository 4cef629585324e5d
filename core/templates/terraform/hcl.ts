// Terraform's HCL read by HashiCorp's own parser (the Go hcl library built to WebAssembly, as the npm
// package @cdktf/hcl2json): blocks and attributes come back as JSON, each attribute's expression as
// Terraform JSON-syntax text that expression.ts parses. Loaded on first use (about a second: the
// WebAssembly module is compiled once per process), so templates without Terraform never pay for it.

export type HclBody = Record<string, unknown>;

export type HclResult =
  { ok: true; body: HclBody } | { ok: false; message: string; line: number; column: number };

type Hcl2Json = { parse(filename: string, contents: string): Promise<HclBody> };

let library: Promise<Hcl2Json> | undefined;

function loadLibrary(): Promise<Hcl2Json> {
  library ??= import('@cdktf/hcl2json').then((module: unknown) => {
    const candidate = module as { parse?: unknown; default?: { parse?: unknown } };
    const parse = candidate.parse ?? candidate.default?.parse;
    if (typeof parse !== 'function') throw new Error('@cdktf/hcl2json has no parse()');
    return { parse: parse as Hcl2Json['parse'] };
  });
  return library;
}

/** Parses one .tf file. Never throws: a syntax error comes back with its line and column (1-based). */
export async function parseHcl(fileName: string, text: string): Promise<HclResult> {
  let hcl: Hcl2Json;
  try {
    hcl = await loadLibrary();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      ok: false,
      message: `Terraform files cannot be read here: HashiCorp's HCL parser (@cdktf/hcl2json) did not load (${reason})`,
      line: 1,
      column: 1,
    };
  }
  try {
    const body = await hcl.parse(fileName, text);
    return { ok: true, body };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /:(\d+),(\d+)-\d+(?:,\d+)?: (.*?)\]?$/s.exec(message);
    return {
      ok: false,
      message: at?.[3]?.trim() ?? message,
      line: Number(at?.[1] ?? 1),
      column: Number(at?.[2] ?? 1),
    };
  }
}

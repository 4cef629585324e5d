// `template.yaml#Selector`: how every surface names one machine in a template. A module of its own so
// a command can tell a template reference from a definition file without loading the template readers.

/** `path#selector` → the path and the selector (logical ID, construct path, serverless key, Terraform address). */
export function splitSelector(reference: string): { path: string; selector: string | undefined } {
  const hash = reference.lastIndexOf('#');
  if (hash <= 0) return { path: reference, selector: undefined };
  return { path: reference.slice(0, hash), selector: reference.slice(hash + 1) || undefined };
}

// Stable codes of template-loading diagnostics, documented in docs/diagnostics.md (a test keeps the
// two in step). TPL0xx: reading files; TPL1xx: finding machines; TPL2xx: resolving values; TPL3xx: roles.

export const TemplateCode = {
  /** A template, definition or included file is not valid JSON / YAML / HCL. */
  syntax: 'TPL001',
  /** A file the template names (DefinitionUri, ${file()}, templatefile(), a module source) does not exist or cannot be read. */
  missingFile: 'TPL002',
  /** A path given to load is neither a readable file nor a directory. */
  unreadablePath: 'TPL003',
  /** No state machine in the template or under the directory. */
  noStateMachine: 'TPL101',
  /** The definition is not local (an S3 location): nothing to read. */
  notLocal: 'TPL102',
  /** The machine has no definition property, or its definition is not an object or a string. */
  noDefinition: 'TPL103',
  /** A selector (`file#Id`) names no machine, or several machines and no selector. */
  selector: 'TPL104',
  /** An intrinsic function this loader does not know (a typo, or one CloudFormation does not have). */
  unknownIntrinsic: 'TPL201',
  /** A Ref / GetAtt / reference to something the template does not declare. */
  unknownReference: 'TPL202',
  /** A value that cannot be known before deployment or from the files alone (an env: or ssm: variable, a data source...). */
  unresolvable: 'TPL203',
  /** A `${Var}` in the definition with no binding: AWS deploys it literally. */
  unboundPlaceholder: 'TPL204',
  /** A malformed intrinsic or expression (wrong arguments, a type mismatch). */
  badExpression: 'TPL205',
  /** A Terraform variable used with no value (no default, not passed by a module call). */
  variableWithoutValue: 'TPL206',
  /** The resolved definition text is not valid JSON/YAML. */
  definitionSyntax: 'TPL207',
  /** A root module's variable with no default and no .tfvars value (Terraform asks for it at plan time). */
  rootVariable: 'TPL208',
  /** Part of the execution role cannot be known from the template (managed policies, unknown policy templates). */
  roleUnknown: 'TPL301',
} as const;

export const TEMPLATE_CODES: Readonly<
  Record<string, { severity: 'error' | 'warning' | 'info'; summary: string }>
> = {
  TPL001: { severity: 'error', summary: 'syntax error in a template or a file it includes' },
  TPL002: { severity: 'error', summary: 'a referenced file is missing or unreadable' },
  TPL003: { severity: 'error', summary: 'a path to load is neither a file nor a directory' },
  TPL101: { severity: 'error', summary: 'no state machine found' },
  TPL102: { severity: 'error', summary: 'the definition is in S3, not local' },
  TPL103: { severity: 'error', summary: 'the machine has no usable definition' },
  TPL104: { severity: 'error', summary: 'the selector matches no machine, or several' },
  TPL201: { severity: 'error', summary: 'unknown intrinsic function' },
  TPL202: { severity: 'error', summary: 'reference to something the template does not declare' },
  TPL203: { severity: 'warning', summary: 'a value only known at deploy time or from outside the files' },
  TPL204: { severity: 'warning', summary: 'a ${Var} with no binding stays literal, as AWS deploys it' },
  TPL205: { severity: 'error', summary: 'malformed intrinsic or expression' },
  TPL206: { severity: 'error', summary: 'Terraform variable without a value' },
  TPL207: { severity: 'error', summary: 'the resolved definition is not valid JSON/YAML' },
  TPL208: { severity: 'warning', summary: "a root module's variable has no value: its name stands in" },
  TPL301: { severity: 'warning', summary: 'part of the execution role is unknown' },
};

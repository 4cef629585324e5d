// The stable diagnostic codes of the validator (and of the parser it runs first), with their severity and a
// short title. docs/diagnostics.md documents each one; a test keeps the two in step.
import type { Severity } from '../diagnostics';

export interface DiagnosticCodeInfo {
  severity: Severity;
  title: string;
}

function code(severity: Severity, title: string): DiagnosticCodeInfo {
  return { severity, title };
}

/**
 * Every code `validate()` can report. ASL0xx come from the parser, ASL1xx are structure and schema,
 * ASL12x Choice rules, ASL13x Retry/Catch, ASL2xx transitions and reachability, ASL3xx JSONPath, payload
 * templates and intrinsic functions, ASL4xx JSONata and query languages, ASL5xx variables.
 */
export const DIAGNOSTIC_CODES = {
  ASL000: code('error', 'Internal validator error'),
  ASL001: code('error', 'JSON syntax error'),
  ASL002: code('error', 'YAML syntax error'),
  ASL003: code('error', 'Duplicate key'),
  ASL004: code('error', 'Not a state machine object'),
  ASL005: code('error', 'Nesting too deep'),
  ASL006: code('error', 'Unquoted placeholder'),
  ASL007: code('error', 'YAML value JSON cannot hold'),

  ASL101: code('error', 'Missing required field'),
  ASL102: code('error', 'Field not allowed here'),
  ASL103: code('error', 'Wrong value type'),
  ASL104: code('error', 'Value not allowed'),
  ASL105: code('error', 'Value out of range'),
  ASL106: code('error', 'Empty list or object'),
  ASL107: code('error', 'Fields that exclude each other'),
  ASL108: code('error', 'One field of a group required'),
  ASL109: code('error', 'Invalid state name'),
  ASL110: code('error', 'Next and End'),
  ASL111: code('error', 'HeartbeatSeconds not below TimeoutSeconds'),
  ASL112: code('error', 'Invalid timestamp'),
  ASL113: code('warning', 'Field only used by a Distributed Map'),
  ASL114: code('error', 'Invalid Resource ARN'),
  ASL115: code('warning', 'Resource is not an ARN'),
  ASL116: code('error', "Definition over AWS's 1 MB limit"),
  ASL117: code('warning', "Definition over AWS's 1 MB limit as written"),

  ASL120: code('error', 'Choice rule without exactly one comparison'),
  ASL121: code('error', 'Choice comparison without Variable'),
  ASL122: code('error', 'Choice rule without Next'),
  ASL123: code('error', 'Wrong comparison operand'),

  ASL130: code('error', 'States.ALL not last'),
  ASL131: code('error', 'States.ALL not alone'),

  ASL201: code('error', 'Transition target does not exist'),
  ASL202: code('error', 'Transition crosses a Parallel or Map boundary'),
  ASL203: code('error', 'Unreachable state'),
  ASL204: code('error', 'No terminal state'),
  ASL205: code('error', 'Duplicate state name'),

  ASL301: code('error', 'Invalid JSONPath'),
  ASL302: code('error', 'Not a reference path'),
  ASL303: code('error', 'ResultPath outside the state input'),
  ASL304: code('error', 'Invalid payload template value'),
  ASL305: code('error', 'Intrinsic function syntax error'),
  ASL306: code('error', 'Invalid intrinsic function call'),
  ASL307: code('error', 'Duplicate field after removing .$'),

  ASL401: code('error', 'JSONata syntax error'),
  ASL402: code('error', 'JSONPath field in a JSONata state'),
  ASL403: code('error', 'JSONata field in a JSONPath state'),
  ASL404: code('error', 'JSONPath state in a JSONata state machine'),
  ASL405: code('error', 'Malformed {% %} delimiters'),

  ASL501: code('error', 'Invalid variable name'),
  ASL502: code('warning', 'Variable never assigned'),
  ASL503: code('warning', 'Variable name that cannot be read'),
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

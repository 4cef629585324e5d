// Real-world corpus files that AWS itself would reject as written, shared by the validator's corpus test
// (which requires exactly these errors) and the validation benchmark (which reports rejections of them
// apart from wrong ones).

/**
 * Real-world files AWS would reject as written, with the error codes expected on each. Their sources'
 * tests accept them because those tools do not check what is wrong.
 */
export const REAL_WORLD_REJECTED: Readonly<Record<string, { codes: string[]; why: string }>> = {
  'amazon-states-language-service/documentValidParametersIntrinsicFunction-yaml.asl.yaml': {
    codes: ['ASL305'],
    why: 'States.Format($.template $.firstName $.lastName) has no commas between its arguments (its JSON twin has them)',
  },
  'amazon-states-language-service/documentValidResultSelectorIntrinsicFunction-yaml.asl.yaml': {
    codes: ['ASL305'],
    why: 'same missing commas as documentValidParametersIntrinsicFunction-yaml',
  },
  'asl-validator/valid-task-credentials.asl.json': {
    codes: ['ASL101', 'ASL102'],
    why: 'Credentials without RoleArn: AWS rejects it (recorded in invalid/localstack/credentials--empty_credentials)',
  },
  'localstack/errorhandling--task_service_lambda_invoke_catch_tbd.asl.json': {
    codes: ['ASL106'],
    why: 'ErrorEquals: [] is filled in by the LocalStack test before use, like lenient/localstack/errorhandling--task_lambda_invoke_catch_tbd',
  },
};

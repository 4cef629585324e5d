// Terraform resource types and their CloudFormation counterparts: which argument names the resource and
// what its `id` is, so a reference to a resource gets the stand-in a CloudFormation template would.

/** Terraform type → CloudFormation type, the argument holding its name, and what `id` returns. */
export const TF_TYPES: Record<string, { cfn: string; nameArg?: string; idIs?: 'arn' | 'name' | 'url' }> = {
  aws_lambda_function: { cfn: 'AWS::Lambda::Function', nameArg: 'function_name', idIs: 'name' },
  aws_sfn_state_machine: { cfn: 'AWS::StepFunctions::StateMachine', nameArg: 'name', idIs: 'arn' },
  aws_sfn_activity: { cfn: 'AWS::StepFunctions::Activity', nameArg: 'name', idIs: 'arn' },
  aws_sqs_queue: { cfn: 'AWS::SQS::Queue', nameArg: 'name', idIs: 'url' },
  aws_sns_topic: { cfn: 'AWS::SNS::Topic', nameArg: 'name', idIs: 'arn' },
  aws_dynamodb_table: { cfn: 'AWS::DynamoDB::Table', nameArg: 'name', idIs: 'name' },
  aws_s3_bucket: { cfn: 'AWS::S3::Bucket', nameArg: 'bucket', idIs: 'name' },
  aws_iam_role: { cfn: 'AWS::IAM::Role', nameArg: 'name', idIs: 'name' },
  aws_cloudwatch_event_bus: { cfn: 'AWS::Events::EventBus', nameArg: 'name', idIs: 'name' },
  aws_ecs_cluster: { cfn: 'AWS::ECS::Cluster', nameArg: 'name', idIs: 'arn' },
  aws_ecs_task_definition: { cfn: 'AWS::ECS::TaskDefinition', nameArg: 'family', idIs: 'arn' },
  aws_batch_job_queue: { cfn: 'AWS::Batch::JobQueue', nameArg: 'name', idIs: 'arn' },
  aws_batch_job_definition: { cfn: 'AWS::Batch::JobDefinition', nameArg: 'name', idIs: 'arn' },
  aws_glue_job: { cfn: 'AWS::Glue::Job', nameArg: 'name', idIs: 'name' },
  aws_glue_crawler: { cfn: 'AWS::Glue::Crawler', nameArg: 'name', idIs: 'name' },
  aws_kinesis_stream: { cfn: 'AWS::Kinesis::Stream', nameArg: 'name', idIs: 'name' },
  aws_cloudwatch_log_group: { cfn: 'AWS::Logs::LogGroup', nameArg: 'name', idIs: 'name' },
  aws_ecr_repository: { cfn: 'AWS::ECR::Repository', nameArg: 'name', idIs: 'name' },
};

/** A CloudFormation-like type for a Terraform type not in TF_TYPES (`aws_foo_bar` → `AWS::Foo::Bar`). */
export function genericType(type: string): string {
  const parts = type.replace(/^aws_/, '').split('_');
  return `AWS::${toPascal(parts[0] ?? 'resource')}::${toPascal(parts.slice(1).join('_') || 'Resource')}`;
}

export function toPascal(name: string): string {
  return name
    .split('_')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

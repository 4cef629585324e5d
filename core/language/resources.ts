// Resource ARNs offered by completion in a Task (and in a Map's ItemReader / ResultWriter): the optimized
// service integrations with their integration patterns, the AWS SDK form, Lambda and activity ARNs.

export interface ResourceSuggestion {
  arn: string;
  description: string;
  /** Snippet text when the ARN has parts to fill in. */
  snippet?: string;
}

const REQUEST = '';
const SYNC = '.sync';
const TOKEN = '.waitForTaskToken';

/** service:action → the integration patterns it supports, and what it does. */
const INTEGRATIONS: [string, string[], string][] = [
  [
    'lambda:invoke',
    [REQUEST, TOKEN],
    'Invoke a Lambda function (FunctionName and Payload in the arguments).',
  ],
  ['dynamodb:getItem', [REQUEST], 'Read an item from a DynamoDB table.'],
  ['dynamodb:putItem', [REQUEST], 'Write an item to a DynamoDB table.'],
  ['dynamodb:updateItem', [REQUEST], 'Update an item of a DynamoDB table.'],
  ['dynamodb:deleteItem', [REQUEST], 'Delete an item from a DynamoDB table.'],
  ['sns:publish', [REQUEST, TOKEN], 'Publish a message to an SNS topic.'],
  ['sqs:sendMessage', [REQUEST, TOKEN], 'Send a message to an SQS queue.'],
  ['events:putEvents', [REQUEST, TOKEN], 'Send events to an EventBridge event bus.'],
  [
    'states:startExecution',
    [REQUEST, SYNC, '.sync:2', TOKEN],
    'Start another state machine (.sync:2 returns its output as JSON).',
  ],
  ['http:invoke', [REQUEST], 'Call an HTTPS API through an EventBridge connection.'],
  ['apigateway:invoke', [REQUEST, TOKEN], 'Call an API Gateway REST or HTTP API.'],
  ['ecs:runTask', [REQUEST, SYNC, TOKEN], 'Run an ECS or Fargate task.'],
  ['batch:submitJob', [REQUEST, SYNC], 'Submit an AWS Batch job.'],
  ['glue:startJobRun', [REQUEST, SYNC], 'Start an AWS Glue job run.'],
  ['athena:startQueryExecution', [REQUEST, SYNC], 'Run an Athena query.'],
  ['athena:getQueryResults', [REQUEST], 'Read the results of an Athena query.'],
  ['codebuild:startBuild', [REQUEST, SYNC], 'Start a CodeBuild build.'],
  ['bedrock:invokeModel', [REQUEST], 'Invoke a Bedrock model.'],
  ['bedrock:createModelCustomizationJob', [REQUEST, SYNC, TOKEN], 'Start a Bedrock model customization job.'],
  ['sagemaker:createTrainingJob', [REQUEST, SYNC], 'Start a SageMaker training job.'],
  ['sagemaker:createTransformJob', [REQUEST, SYNC], 'Start a SageMaker batch transform job.'],
  ['sagemaker:createProcessingJob', [REQUEST, SYNC], 'Start a SageMaker processing job.'],
  ['eks:runJob', [REQUEST, SYNC, TOKEN], 'Run a job on an EKS cluster.'],
  ['eks:call', [REQUEST], 'Call the Kubernetes API of an EKS cluster.'],
  ['emr:createCluster', [REQUEST, SYNC], 'Create an EMR cluster.'],
  ['emr:addStep', [REQUEST, SYNC], 'Add a step to an EMR cluster.'],
  ['emr:terminateCluster', [REQUEST, SYNC], 'Terminate an EMR cluster.'],
  ['emr-serverless:startJobRun', [REQUEST, SYNC], 'Start an EMR Serverless job run.'],
  ['emr-containers:startJobRun', [REQUEST, SYNC], 'Start an EMR on EKS job run.'],
  ['databrew:startJobRun', [REQUEST, SYNC], 'Start a Glue DataBrew job run.'],
  ['mediaconvert:createJob', [REQUEST, SYNC], 'Start an Elemental MediaConvert job.'],
];

function build(): ResourceSuggestion[] {
  const out: ResourceSuggestion[] = [];
  for (const [action, patterns, description] of INTEGRATIONS) {
    for (const pattern of patterns) {
      const what =
        pattern === SYNC || pattern === '.sync:2'
          ? ' Waits for the job to finish.'
          : pattern === TOKEN
            ? ' Waits for a callback with $$.Task.Token ($states.context.Task.Token).'
            : '';
      out.push({ arn: `arn:aws:states:::${action}${pattern}`, description: `${description}${what}` });
    }
  }
  out.push(
    {
      arn: 'arn:aws:states:::aws-sdk:service:apiAction',
      description:
        'Call any AWS SDK API: the service name and the API action in camelCase (e.g. aws-sdk:s3:getObject).',
      snippet: 'arn:aws:states:::aws-sdk:${1:service}:${2:apiAction}',
    },
    {
      arn: 'arn:aws:lambda:region:account:function:name',
      description: 'Invoke a Lambda function directly (the legacy form; its output is the function result).',
      snippet: 'arn:aws:lambda:${1:region}:${2:account}:function:${3:name}',
    },
    {
      arn: 'arn:aws:states:region:account:activity:name',
      description: 'Wait for an activity worker to take and complete the task.',
      snippet: 'arn:aws:states:${1:region}:${2:account}:activity:${3:name}',
    },
  );
  return out;
}

export const TASK_RESOURCES: readonly ResourceSuggestion[] = build();

export const ITEM_READER_RESOURCES: readonly ResourceSuggestion[] = [
  {
    arn: 'arn:aws:states:::s3:getObject',
    description: 'Read the items from one S3 object (CSV, JSON, JSONL, Parquet or a manifest).',
  },
  { arn: 'arn:aws:states:::s3:listObjectsV2', description: 'Iterate over the objects under an S3 prefix.' },
];

export const RESULT_WRITER_RESOURCES: readonly ResourceSuggestion[] = [
  { arn: 'arn:aws:states:::s3:putObject', description: "Write the child executions' results to S3." },
];

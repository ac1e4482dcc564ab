// Mutation.publishOrderUpdate (APPSYNC_JS runtime, NONE data source).
//
// Only IAM may call this field (schema: @aws_iam; the stack's publisher function is granted appsync:GraphQL on
// this one field ARN). It writes nothing: the NONE data source hands the input back as the field's value, and
// AppSync sends that value to every onOrderUpdated subscription whose filter it passes (onOrderUpdated.js).
// Subscribers receive the fields the publisher selects, so its selection set must include id and customer:
// the subscription filters on them.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return { payload: ctx.args.input };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}

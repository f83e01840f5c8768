/**
 * The zod schemas of the naming rules: an id segment as an IPC or file field. The rules themselves,
 * and everything built from them (ids, prefixes, parsing), are in naming-rules.ts, which this
 * module re-exports: code that needs no schema (the window's first screen) imports that one.
 */
import { z } from 'zod';
import { describeNameRule, ENVS, nameSegmentProblem, SEGMENT_MAX_LENGTH, SEGMENT_PATTERN, type IdSegment } from './naming-rules';

export * from './naming-rules';

function segmentSchema(segment: IdSegment) {
  return z
    .string({ error: 'must be text' })
    .superRefine((value, ctx) => {
      const problem = nameSegmentProblem(segment, value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description: describeNameRule(segment), pattern: SEGMENT_PATTERN, minLength: 1, maxLength: SEGMENT_MAX_LENGTH[segment] });
}

export const envSchema = z.enum(ENVS, { error: `must be one of ${ENVS.join(', ')}` });
export const orgIdSchema = segmentSchema('orgId');
export const domainIdSchema = segmentSchema('domainId');
export const secretNameSchema = segmentSchema('secretName');

/**
 * Every await point of the lifecycle: after a step's status change is written, and after
 * each piece of follow-up work is done but before its outbox entry is settled. The crash
 * tests kill a real process at each of these in turn; a step that gains an await gains a
 * point here, or the test that checks every point is reached fails.
 */
export const LIFECYCLE_POINTS = [
  'submit:recorded',
  'submit:plan',
  'planning:started',
  'plan:recorded',
  'plan:render',
  'stitching:started',
  'complete:recorded',
  'complete:webhook',
  'fail:recorded',
  'fail:webhook',
  'fail:cleanup',
  'cancel:recorded',
  'cancel:chunks-dropped',
  'cancel:webhook',
  'cancel:cleanup',
] as const;

export type LifecyclePoint = (typeof LIFECYCLE_POINTS)[number];

/** The steps that name points: `<step>:<what is done>`. */
export type LifecycleStep = LifecyclePoint extends `${infer S}:${string}` ? S : never;

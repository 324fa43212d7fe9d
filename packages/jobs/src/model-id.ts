import { z } from 'zod';

/** The id a job names a model by: the registry's ids are of this form. */
export const modelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'model ids are lowercase letters, digits, . _ -');

import { errorBodySchema } from '@remaster/job-view';
import { z } from 'zod';

/** `{ error: { code, message } }`, the shape of every 4xx and 5xx answer. */
export const errorResponseSchema = z.object({ error: errorBodySchema }).describe('Error');

// The wire shape of a catalogue message, for contract schemas (job errors, results that explain).
import { z } from 'zod';
import type { Message } from './render.ts';

export const messageSchema: z.ZodType<Message> = z.lazy(() =>
  z.object({
    code: z.string().regex(/^[a-z][a-z0-9_.]*$/),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.object({ 'zh-TW': z.string(), en: z.string() }), messageSchema])),
  }),
) as unknown as z.ZodType<Message>;

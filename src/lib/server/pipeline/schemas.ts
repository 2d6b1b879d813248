/** Input of the admin pipeline API, validated at the edge. */
import { z } from 'zod';
import { STEP_ORDER } from './steps.repository';

export const stepName = z.enum(STEP_ORDER as ['upload', 'transcribe', 'chapters', 'summarize', 'publish']);
export const RedoInput = z.object({ step: stepName });
export const ProviderInput = z.object({ step: z.enum(['transcribe', 'summarize']), provider: z.enum(['local', 'openai']) });

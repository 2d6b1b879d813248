import { json } from '$lib/server/http/api';

/** Liveness: the process answers. Cheap on purpose (the bench's baseline). */
export const GET = () => json({ status: 'ok' });

import type { ServerEngine } from '@/lib/engines/server/server-engine';
import { loadServerKey } from '@/lib/settings/server-key';
import type { Settings } from '@/lib/settings/settings';

/** Gives the server engine its address and, for that origin only, its key. */
export async function configureServerEngine(engine: ServerEngine, settings: Settings): Promise<void> {
  const { server } = settings;
  const apiKey = server ? await loadServerKey(new URL(server.address).origin) : undefined;
  engine.configure({ ...(server && { server }), ...(apiKey && { apiKey }) });
}

import type { REST } from 'discord.js';
import type { BotMetrics } from './metrics.js';

/**
 * A route template fit for a label: discord.js's bucket route (ids and tokens already replaced,
 * interaction callbacks as `/interactions/:id/:token/callback`), with any id it missed (shorter
 * than a snowflake, say) replaced too, so no label carries an id.
 */
export function routeLabel(route: string): string {
  return route.split('?')[0]!.replace(/\d{3,}/g, ':id');
}

/** Counts every REST response by method, route template and status, and the 429s apart. */
export function watchRest(rest: REST, metrics: BotMetrics): void {
  rest.on('response', (request, response) => {
    const labels = { method: request.method.toUpperCase(), route: routeLabel(request.route) };
    metrics.restRequests.inc({ ...labels, status: String(response.status) });
    if (response.status === 429) metrics.restRateLimited.inc(labels);
  });
}

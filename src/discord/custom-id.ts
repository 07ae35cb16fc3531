/**
 * custom_id values: `<kind>:<arg>:<arg>`, at most 100 characters. They carry ids and positions,
 * never the correct answer; every handler re-checks them against the store.
 */
export const encodeCustomId = (kind: string, ...args: (string | number)[]): string => {
  const id = [kind, ...args].join(':');
  if (id.length > 100) throw new Error(`custom_id longer than 100 characters: ${kind}`);
  return id;
};

export const decodeCustomId = (customId: string): { kind: string; args: string[] } => {
  const [kind = '', ...args] = customId.split(':');
  return { kind, args };
};

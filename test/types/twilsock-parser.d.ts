/** The `twilsock` client's own frame parser (twilsock 1.0.2, dist/parser.js), used by tests as the judge of what we send. */
declare module 'twilsock/dist/parser.js' {
  export const Parser: {
    parse(message: ArrayBuffer | Uint8Array): { method: string; header: Record<string, unknown>; payload: unknown } | null;
    createPacket(header: Record<string, unknown>, payload?: string): ArrayBuffer;
  };
}
